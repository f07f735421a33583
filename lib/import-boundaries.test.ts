import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.join(import.meta.dirname, "..");

/** Every .ts/.tsx file below `dir` (relative to the repository), skipping generated code and dependencies. */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return /^(node_modules|generated|generated-pg)$/.test(entry.name) ? [] : sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

function importsOf(file: string): string[] {
  const source = readFileSync(path.join(ROOT, file), "utf8");
  return [...source.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+"([^"]+)"/gm)].map((match) => match[1]!);
}

function importing(files: readonly string[], forbidden: RegExp): string[] {
  return files.flatMap((file) => importsOf(file).filter((source) => forbidden.test(source)).map((source) => `${file} → ${source}`));
}

describe("import boundaries", () => {
  it("lib/http and lib/auth depend one way: the route helper uses auth, nothing in lib/auth imports lib/http", () => {
    expect(importing(sourceFiles("lib/auth"), /(^|\/)http\//)).toEqual([]);
  });

  it("only lib/store (and the test store) touch the generated Prisma client: the rest gets protocol shapes", () => {
    const outside = ["app", "components", "lib", "agent"].flatMap(sourceFiles).filter((file) => !file.startsWith("lib/store/"));
    expect(importing([...outside, "server.ts"], /generated(-pg)?\/client/)).toEqual([]);
  });
});
