import path from "node:path";
import { writeScript } from "./fixtures";

const STAND_IN = path.join(import.meta.dirname, "systemd-run-stand-in.mjs");

/** Puts the systemd-run stand-in (systemd-run-stand-in.mjs) into `bin`, for tests that put `bin` on PATH. */
export function installSystemdRun(bin: string): void {
  writeScript(path.join(bin, "systemd-run"), `exec "${process.execPath}" "${STAND_IN}" "$@"`);
}

const PREVIEW_STAND_IN = path.join(import.meta.dirname, "nix-preview-stand-in.mjs");

/**
 * Shell lines for a rebuild stand-in (nixos-rebuild, home-manager, darwin-rebuild): `build` and
 * `dry-activate` act on the system model and print what the real tools print (nix-preview-stand-in.mjs).
 */
export const REBUILD_PREVIEW_ACTIONS = `case "$1" in build|dry-activate) exec "${process.execPath}" "${PREVIEW_STAND_IN}" "$1" ;; esac`;

/** Shell lines for a `nix` stand-in: `nix … store diff-closures A B` compares the model's two systems. */
export const NIX_DIFF_CLOSURES = `case "$*" in *"store diff-closures "*) shift $(( $# - 2 )); exec "${process.execPath}" "${PREVIEW_STAND_IN}" diff-closures "$1" "$2" ;; esac`;
