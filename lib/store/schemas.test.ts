import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("the PostgreSQL schema", () => {
  it("is the one npm run db:schemas generates from prisma/schema.prisma", () => {
    const check = spawnSync(process.execPath, ["scripts/prisma-schemas.mjs", "--check"], { encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });

  it("differs from the SQLite schema only in its provider, client folder and header", () => {
    const sqlite = readFileSync("prisma/schema.prisma", "utf8");
    const postgres = readFileSync("prisma/postgresql/schema.prisma", "utf8");
    const body = (text: string) => text.split("\n").filter((line) => !line.startsWith("//") && !/^\s*(provider|output)\s*=/.test(line));
    expect(body(postgres)).toEqual(body(sqlite));
    expect(postgres).toMatch(/provider = "postgresql"/);
    expect(postgres).toMatch(/output\s+= "\.\.\/\.\.\/lib\/store\/generated-pg"/);
  });

  it("has its own migrations folder, locked to PostgreSQL", () => {
    expect(readFileSync("prisma/migrations/migration_lock.toml", "utf8")).toMatch(/provider = "sqlite"/);
    expect(readFileSync("prisma/postgresql/migrations/migration_lock.toml", "utf8")).toMatch(/provider = "postgresql"/);
    const stamps = (dir: string) => readdirSync(dir).flatMap((name) => /^(\d{14})_/.exec(name)?.[1] ?? []).sort();
    // Both folders end at the same moment, so a migration written later for both sorts last in each.
    expect(stamps("prisma/postgresql/migrations").at(-1)).toBe(stamps("prisma/migrations").at(-1));
  });
});
