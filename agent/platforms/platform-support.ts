import type { Platform } from "../../lib/protocol/index";

/**
 * How a switch is kept alive when the agent goes away during it (a crash, or the switch restarting
 * the agent's own service): in a transient systemd unit of its own (`systemd-run`, the system's or
 * the user's manager), or in a session of its own where no service manager kills the agent's group.
 */
export type SwitchLauncher = "system-unit" | "user-unit" | "session";

/** What differs between the platforms the agent switches (SPEC 2.1, 2.4, 3.2 S). */
export interface PlatformSupport {
  platform: Platform;
  /** The tool and arguments that build and activate the host's configuration from `flake` (`<repo>#<host>`). */
  switchCommand(flake: string): { command: string; args: string[] };
  /**
   * What `preview` runs: the tool's `build` (the system a switch would activate, as `./result` in the
   * working directory), and on NixOS `dry-activate` (the units a switch would touch); null: the
   * platform has no dry activation.
   */
  previewCommands(flake: string): { build: { command: string; args: string[] }; dryActivate: { command: string; args: string[] } | null };
  /** Where the switch runs; `env` and `os` are the agent's own. */
  switchLauncher(env: Readonly<Record<string, string | undefined>>, os: NodeJS.Platform): SwitchLauncher;
  /** The flake attribute whose outPath is the system a switch would build. */
  desiredAttribute(hostname: string): string;
  /** The link whose target is the running system (or Home Manager generation). */
  currentSystemLink(homeDir: string): string;
  /**
   * How a generation is made the running one: NixOS runs its `bin/switch-to-configuration switch`,
   * nix-darwin and Home Manager its `activate`.
   */
  activation: "switch-to-configuration" | "activate";
  /** The Nix profile whose numbered generations a switch adds to and a rollback returns to. */
  profile(homeDir: string): string;
  /** Where the host's configuration is usually checked out (the tool's own default flake location). */
  configCheckout(homeDir: string): string;
  /** Where the platform tells the nixpkgs release it was built from: a program, else a file; null: it does not. */
  release: { command: string; file: string } | null;
}
