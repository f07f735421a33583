import { describe, expect, it } from "vitest";
import { PLATFORMS } from "../../lib/protocol/index";
import { platformSupport } from "./index";

describe("platform support", () => {
  it("switches each platform with its own tool and evaluates its own flake output", () => {
    const table = PLATFORMS.map((platform) => {
      const support = platformSupport(platform);
      const { command, args } = support.switchCommand("/repo#web-1");
      return [platform, [command, ...args].join(" "), support.desiredAttribute("web-1")];
    });
    expect(table).toEqual([
      ["nixos", "nixos-rebuild switch --flake /repo#web-1", "nixosConfigurations.web-1.config.system.build.toplevel.outPath"],
      ["darwin", "darwin-rebuild switch --flake /repo#web-1", "darwinConfigurations.web-1.config.system.build.toplevel.outPath"],
      ["home-manager", "home-manager switch --flake /repo#web-1", "homeConfigurations.web-1.activationPackage.outPath"],
    ]);
  });

  it("keeps every switch out of the agent's reach: a system unit on NixOS, a user unit for Home Manager under systemd, else a session", () => {
    expect(platformSupport("nixos").switchLauncher({}, "linux")).toBe("system-unit");
    expect(platformSupport("darwin").switchLauncher({}, "darwin")).toBe("session");
    expect(platformSupport("home-manager").switchLauncher({ INVOCATION_ID: "abc" }, "linux")).toBe("user-unit");
    expect(platformSupport("home-manager").switchLauncher({}, "linux")).toBe("session");
    expect(platformSupport("home-manager").switchLauncher({ INVOCATION_ID: "abc" }, "darwin")).toBe("session");
  });
});
