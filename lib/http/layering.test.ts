import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const AUTH = path.join(import.meta.dirname, "..", "auth");

function importsOf(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)\b[^;]*?from\s+"([^"]+)"/gm)].map((match) => match[1]!);
}

describe("lib/http and lib/auth", () => {
  it("depend one way: the route helper uses auth, and nothing in lib/auth imports lib/http", () => {
    const offending = readdirSync(AUTH)
      .filter((name) => name.endsWith(".ts"))
      .flatMap((name) => importsOf(path.join(AUTH, name)).filter((source) => /(^|\/)http\//.test(source)).map((source) => `${name} → ${source}`));
    expect(offending).toEqual([]);
  });
});
