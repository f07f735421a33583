import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { shortTextSchema, type Platform } from "../lib/protocol/index";
import { platformSupport } from "./platforms/index";

/** What the host is: facts that do not change while the agent runs (read once at start). */
export interface HostFacts {
  osVersion: string;
  nixpkgsVersion: string;
}

/** Makes free text fit the protocol's short-text rule: one line, no control characters, ≤ 200. */
export function toShortText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "").replace(/\p{Cc}+/gu, " ").trim().slice(0, 200);
  return shortTextSchema.safeParse(cleaned).success ? cleaned : "";
}

function run(command: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 5_000 }, (error, stdout) => resolve(error ? null : stdout.trim()));
  });
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return null;
  }
}

/** The operating system, whatever manages it: sw_vers on macOS, PRETTY_NAME of os-release elsewhere. */
async function osVersion(system: NodeJS.Platform): Promise<string> {
  if (system === "darwin") {
    const version = await run("sw_vers", ["-productVersion"]);
    if (version) return `macOS ${version}`;
  }
  const osRelease = readText("/etc/os-release");
  const pretty = osRelease === null ? undefined : /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1];
  return pretty ?? `${os.type()} ${os.release()}`;
}

/** The nixpkgs release the system was built from, as its platform tells it; empty when it does not. */
async function nixpkgsVersion(platform: Platform): Promise<string> {
  const release = platformSupport(platform).release;
  if (release === null) return "";
  return (await run(release.command, [])) ?? readText(release.file) ?? "";
}

export async function collectHostFacts(platform: Platform, system: NodeJS.Platform = process.platform): Promise<HostFacts> {
  const [osText, nixpkgsText] = await Promise.all([osVersion(system), nixpkgsVersion(platform)]);
  return { osVersion: toShortText(osText), nixpkgsVersion: toShortText(nixpkgsText) };
}
