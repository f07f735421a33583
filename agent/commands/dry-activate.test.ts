import { describe, expect, it } from "vitest";
import { parseDryActivate } from "./dry-activate";

// What `nixos-rebuild dry-activate --flake …` printed on a NixOS 25.05 host.
const SAMPLE = `building the system configuration...
would stop the following units: accounts-daemon.service
would NOT stop the following changed units: systemd-journald.service
would activate the configuration...
would restart systemd
would reload the following units: dbus.service
would restart the following units: polkit.service, sshd.service
would start the following units: accounts-daemon.service
Done. The new configuration is /nix/store/ph526hx15q2v8v99ki94y451a8vcmdqq-nixos-system-a1131-25.05.20260102.ac62194
`;

describe("parseDryActivate", () => {
  it("reads the units each action names, and not the units it would NOT stop", () => {
    expect(parseDryActivate(SAMPLE)).toEqual({
      stop: ["accounts-daemon.service"],
      start: ["accounts-daemon.service"],
      restart: ["polkit.service", "sshd.service"],
      reload: ["dbus.service"],
    });
  });

  it("finds no units when activation would change none", () => {
    expect(parseDryActivate("would activate the configuration...\n")).toEqual({ stop: [], start: [], restart: [], reload: [] });
  });
});
