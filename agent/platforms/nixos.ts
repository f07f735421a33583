import type { PlatformSupport } from "./platform-support";

/**
 * NixOS: `nixos-rebuild switch` as root. It runs in a transient unit: a crash of the agent, or
 * systemd cleaning up the agent's cgroup when the switch restarts its unit, must not end it midway.
 */
export const nixos: PlatformSupport = {
  platform: "nixos",
  switchCommand: (flake) => ({ command: "nixos-rebuild", args: ["switch", "--flake", flake] }),
  previewCommands: (flake) => ({
    build: { command: "nixos-rebuild", args: ["build", "--flake", flake] },
    dryActivate: { command: "nixos-rebuild", args: ["dry-activate", "--flake", flake] },
  }),
  switchLauncher: () => "system-unit",
  desiredAttribute: (hostname) => `nixosConfigurations.${hostname}.config.system.build.toplevel.outPath`,
  currentSystemLink: () => "/run/current-system",
  activation: "switch-to-configuration",
  profile: () => "/nix/var/nix/profiles/system",
  configCheckout: () => "/etc/nixos",
  release: { command: "nixos-version", file: "/run/current-system/nixos-version" },
};
