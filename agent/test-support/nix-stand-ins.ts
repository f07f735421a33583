import path from "node:path";
import { writeScript } from "./fixtures";

const STAND_IN = path.join(import.meta.dirname, "systemd-run-stand-in.mjs");

/** Puts the systemd-run stand-in (systemd-run-stand-in.mjs) into `bin`, for tests that put `bin` on PATH. */
export function installSystemdRun(bin: string): void {
  writeScript(path.join(bin, "systemd-run"), `exec "${process.execPath}" "${STAND_IN}" "$@"`);
}
