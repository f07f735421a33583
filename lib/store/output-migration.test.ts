// Output stored one row per line, before runs, reads the same after the migration, on both databases.
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type Postgres } from "../../test-support/postgres";
import { openStore } from "./client";
import { findOutputMarks, insertOutput, readOutput, readOutputTail } from "./commands";
import { measureOutput } from "./output-size";

const RUNS_MIGRATION = "output_chunks";

/** The migration files of a provider's folder in order, split at the one that introduced runs. */
function migrations(dir: string): { before: string[]; runs: string } {
  const names = readdirSync(dir).filter((name) => /^\d{14}_/.test(name)).sort();
  const at = names.findIndex((name) => name.endsWith(`_${RUNS_MIGRATION}`));
  const sql = (name: string) => readFileSync(path.join(dir, name, "migration.sql"), "utf8");
  return { before: names.slice(0, at).map(sql), runs: sql(names[at]!) };
}

const OLD_ROWS = `
  INSERT INTO "Host" ("id", "name", "platform") VALUES ('h1', 'web-1', 'nixos');
  INSERT INTO "Command" ("id", "hostName", "type", "state", "requestedBy") VALUES ('cmd-1', 'web-1', 'switch', 'succeeded', 'admin');
  INSERT INTO "CommandOutput" ("commandId", "seq", "stream", "line") VALUES
    ('cmd-1', 1, 'stdout', 'building'), ('cmd-1', 2, 'stderr', 'warning: "quoted" \\ ✓'),
    ('cmd-1', 3, 'system', ''), ('cmd-1', 5, 'stdout', 'after a gap');`;

const expected = [
  { seq: 1, stream: "stdout", line: "building" },
  { seq: 2, stream: "stderr", line: 'warning: "quoted" \\ ✓' },
  { seq: 3, stream: "system", line: "" },
  { seq: 5, stream: "stdout", line: "after a gap" },
];

async function checkMigrated(url: string) {
  const store = await openStore(url);
  try {
    expect(await readOutput(store, "cmd-1", 0, 100)).toEqual(expected);
    expect(await readOutputTail(store, "cmd-1", 2)).toEqual(expected.slice(-2));
    expect(await findOutputMarks(store, "cmd-1")).toEqual({ storedThrough: 3, highestSeen: 5 });
    expect(await measureOutput(store, "cmd-1")).toBe(expected.reduce((sum, l) => sum + l.line.length, 0));
    // New output joins the converted lines, and a line stored before is kept as it was.
    await insertOutput(store, "cmd-1", [{ seq: 4, stream: "stdout", line: "four" }, { seq: 5, stream: "stdout", line: "replaced?" }]);
    expect((await readOutput(store, "cmd-1", 3, 100)).map((l) => l.line)).toEqual(["four", "after a gap"]);
  } finally {
    await store.$disconnect();
  }
}

describe("the migration to output runs", () => {
  let postgres: Postgres;
  beforeAll(async () => (postgres = await startPostgres()));
  afterAll(() => postgres?.stop());

  it("keeps output stored by line readable on SQLite", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "nixfleet-runs-")), "nixfleet.db");
    const { before, runs } = migrations("prisma/migrations");
    const db = new Database(file);
    for (const sql of before) db.exec(sql);
    db.exec(OLD_ROWS);
    db.exec(runs);
    db.close();
    await checkMigrated(`file:${file}`);
  });

  it("keeps output stored by line readable on PostgreSQL", async () => {
    const url = await postgres.createDatabase("output_runs");
    const { before, runs } = migrations("prisma/postgresql/migrations");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const sql of before) await client.query(sql);
      await client.query(OLD_ROWS);
      await client.query(runs);
    } finally {
      await client.end();
    }
    await checkMigrated(url);
  });
});
