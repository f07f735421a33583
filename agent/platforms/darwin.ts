import type { PlatformSupport } from "./platform-support";

/**
 * nix-darwin: `darwin-rebuild switch` from the agent's launchd daemon (root). The activation reloads
 * launchd daemons, the agent's own among them, so the switch runs in a session of its own.
 */
export const darwin: PlatformSupport = {
  platform: "darwin",
  switchCommand: (flake) => ({ command: "darwin-rebuild", args: ["switch", "--flake", flake] }),
  previewCommands: (flake) => ({ build: { command: "darwin-rebuild", args: ["build", "--flake", flake] }, dryActivate: null }),
  switchLauncher: () => "session",
  desiredAttribute: (hostname) => `darwinConfigurations.${hostname}.config.system.build.toplevel.outPath`,
  currentSystemLink: () => "/run/current-system",
  activation: "activate",
  profile: () => "/nix/var/nix/profiles/system",
  configCheckout: () => "/etc/nix-darwin",
  release: { command: "darwin-version", file: "/run/current-system/darwin-version" },
};
