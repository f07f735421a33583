import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { shortTextSchema, type Platform } from "../lib/protocol/index";

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

/** PRETTY_NAME of os-release ("NixOS 24.05 (Uakari)"); macOS asks sw_vers. */
async function osVersion(platform: Platform): Promise<string> {
  if (platform === "darwin") {
    const version = await run("sw_vers", ["-productVersion"]);
    if (version) return `macOS ${version}`;
  }
  const osRelease = readText("/etc/os-release");
  const pretty = osRelease === null ? undefined : /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1];
  return pretty ?? `${os.type()} ${os.release()}`;
}

/** nixos-version prints the nixpkgs release the system was built from; empty when unknown (macOS). */
async function nixpkgsVersion(platform: Platform): Promise<string> {
  if (platform !== "nixos") return "";
  return (await run("nixos-version", [])) ?? readText("/run/current-system/nixos-version") ?? "";
}

export async function collectHostFacts(platform: Platform): Promise<HostFacts> {
  const [osText, nixpkgsText] = await Promise.all([osVersion(platform), nixpkgsVersion(platform)]);
  return { osVersion: toShortText(osText), nixpkgsVersion: toShortText(nixpkgsText) };
}
