import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Replaced by the version string when agent/build.mjs bundles the agent (esbuild `define`). */
declare const __NIXFLEET_AGENT_VERSION__: string | undefined;

/** Run from source (`npm run agent`), the version is the one in the checkout's package.json. */
function readPackageVersion(): string {
  const packageFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "package.json");
  const parsed: unknown = JSON.parse(readFileSync(packageFile, "utf8"));
  const version = typeof parsed === "object" && parsed !== null && "version" in parsed ? parsed.version : undefined;
  return typeof version === "string" ? version : "0.0.0";
}

export const AGENT_VERSION: string =
  typeof __NIXFLEET_AGENT_VERSION__ === "string" ? __NIXFLEET_AGENT_VERSION__ : readPackageVersion();
