import path from "node:path";
import type { PlatformSupport } from "./platform-support";

/**
 * Standalone Home Manager, on Linux or macOS: `home-manager switch` as the user. The switch restarts
 * the agent's own user service (launchd agent on macOS, systemd user unit on Linux): under systemd it
 * runs in a transient user unit, since stopping a unit ends every process in its cgroup, sessions
 * included; elsewhere a session of its own is enough.
 */
export const homeManager: PlatformSupport = {
  platform: "home-manager",
  switchCommand: (flake) => ({ command: "home-manager", args: ["switch", "--flake", flake] }),
  previewCommands: (flake) => ({ build: { command: "home-manager", args: ["build", "--flake", flake] }, dryActivate: null }),
  // systemd sets INVOCATION_ID for every unit it runs: the agent is a systemd (user) service.
  switchLauncher: (env, os) => (os === "linux" && env.INVOCATION_ID ? "user-unit" : "session"),
  desiredAttribute: (hostname) => `homeConfigurations.${hostname}.activationPackage.outPath`,
  // Home Manager keeps a GC root pointing at the active generation.
  currentSystemLink: (homeDir) => path.join(homeDir, ".local", "state", "home-manager", "gcroots", "current-home"),
  // Home Manager 22.11 and later (nix profiles in XDG state).
  activation: "activate",
  profile: (homeDir) => path.join(homeDir, ".local", "state", "nix", "profiles", "home-manager"),
  configCheckout: (homeDir) => path.join(homeDir, ".config", "home-manager"),
  release: null,
};
