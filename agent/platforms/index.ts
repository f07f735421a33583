import type { Platform } from "../../lib/protocol/index";
import { darwin } from "./darwin";
import { homeManager } from "./home-manager";
import { nixos } from "./nixos";
import type { PlatformSupport } from "./platform-support";

export type { PlatformSupport, SwitchLauncher } from "./platform-support";

const SUPPORT: Record<Platform, PlatformSupport> = { nixos, darwin, "home-manager": homeManager };

export function platformSupport(platform: Platform): PlatformSupport {
  return SUPPORT[platform];
}

/** The machine's facts that tell the platforms apart. */
export interface PlatformClues {
  osPlatform: NodeJS.Platform;
  isRoot: boolean;
  /** /run/current-system exists: a NixOS or nix-darwin system profile is active. */
  hasSystemProfile: boolean;
}

/**
 * The platform when --platform is not given: root on a machine with a system profile manages that
 * system (NixOS on Linux, nix-darwin on macOS); anyone else runs standalone Home Manager.
 */
export function detectPlatform(clues: PlatformClues): Platform {
  if (clues.isRoot && clues.hasSystemProfile) return clues.osPlatform === "darwin" ? "darwin" : "nixos";
  return "home-manager";
}
