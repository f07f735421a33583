// The store on a real PostgreSQL server (started here; the test fails, never skips, without one).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type Postgres } from "../../test-support/postgres";
import { openStore, storeProvider, type Store } from "./client";
import { saveHostViews, loadHostViews } from "./hosts";
import { applyMigrations } from "./migrate";
import { createTestStore } from "../../test-support/test-store";
import { freePort } from "../../test-support/free-port";

let postgres: Postgres;
beforeAll(async () => (postgres = await startPostgres()));
afterAll(() => postgres?.stop());

async function query<Row>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

describe("PostgreSQL migrations", () => {
  it("apply to a fresh database, and a second deploy changes nothing", async () => {
    const url = await postgres.createDatabase("fresh");
    await applyMigrations(url, process.cwd());
    const applied = await query<{ migration_name: string; finished_at: Date | null; applied_steps_count: number }>(
      url, `SELECT migration_name, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.every((m) => m.finished_at !== null && m.applied_steps_count === 1)).toBe(true);

    await applyMigrations(url, process.cwd());
    expect(await query(url, `SELECT migration_name, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`)).toEqual(applied);
  });

  it("create the same tables, columns and indexes as SQLite's", async () => {
    const url = await postgres.createDatabase("same_models");
    await applyMigrations(url, process.cwd());
    const pgColumns = await query<{ table: string; column: string; nullable: string }>(
      url,
      `SELECT table_name AS "table", column_name AS "column", is_nullable AS nullable FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'`,
    );
    const pgIndexes = await query<{ name: string }>(
      url, `SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%\\_pkey'`,
    );

    const sqlite = await createTestStore();
    try {
      const tables = await sqlite.$queryRawUnsafe<{ name: string }[]>(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '_prisma_migrations'`,
      );
      const sqliteColumns: string[] = [];
      for (const { name } of tables) {
        const columns = await sqlite.$queryRawUnsafe<{ name: string; notnull: bigint | number; pk: bigint | number }[]>(`PRAGMA table_info("${name}")`);
        // SQLite's primary-key columns may be declared without NOT NULL; PostgreSQL's are NOT NULL.
        sqliteColumns.push(...columns.map((c) => `${name}.${c.name} ${Number(c.notnull) || Number(c.pk) ? "NOT NULL" : "NULL"}`));
      }
      const sqliteIndexes = await sqlite.$queryRawUnsafe<{ name: string }[]>(
        `SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`,
      );
      expect(pgColumns.map((c) => `${c.table}.${c.column} ${c.nullable === "YES" ? "NULL" : "NOT NULL"}`).sort()).toEqual(sqliteColumns.sort());
      expect(pgIndexes.map((i) => i.name).sort()).toEqual(sqliteIndexes.map((i) => i.name).sort());
    } finally {
      await sqlite.$disconnect();
    }
  });

  it("honour ?schema=: the tables live in that schema and the store finds them", async () => {
    const url = `${await postgres.createDatabase("with_schema")}?schema=tenant_a`;
    await applyMigrations(url, process.cwd());
    const store = await openStore(url);
    try {
      await saveHostViews(store, []);
      await store.host.create({ data: { name: "mac-1", platform: "darwin" } });
      expect((await loadHostViews(store)).map((h) => h.name)).toEqual(["mac-1"]);
    } finally {
      await store.$disconnect();
    }
    const tables = await query<{ schema: string }>(url.replace(/\?.*$/, ""), `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'Host'`);
    expect(tables).toEqual([{ schema: "tenant_a" }]);
  });
});

describe("openStore on PostgreSQL", () => {
  let store: Store | undefined;
  afterAll(() => store?.$disconnect());

  it("opens a pooled store that reports its provider", async () => {
    const url = await postgres.createDatabase("open");
    await applyMigrations(url, process.cwd());
    store = await openStore(url, { poolSize: 4 });
    expect(storeProvider(store)).toBe("postgresql");
    expect(await store.host.count()).toBe(0);
  });

  it("fails in one line naming host and port when nothing listens there", async () => {
    const port = await freePort();
    const url = `postgresql://postgres@127.0.0.1:${port}/nixfleet`;
    const expected = new RegExp(`^cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}$`);
    await expect(openStore(url)).rejects.toThrow(expected);
    await expect(applyMigrations(url, process.cwd())).rejects.toThrow(expected);
  });

  it("fails in one line when the database does not exist", async () => {
    const url = postgres.url.replace(/\/nixfleet$/, "/missing");
    await expect(openStore(url)).rejects.toThrow(/^cannot reach PostgreSQL at 127\.0\.0\.1:\d+: database "missing" does not exist$/);
  });

  it("refuses a URL it cannot use before connecting", async () => {
    await expect(openStore("postgresql://127.0.0.1/nixfleet")).rejects.toThrow("DATABASE_URL names no user");
    await expect(openStore("mysql://fleet@127.0.0.1/nixfleet")).rejects.toThrow(/must be file:… \(SQLite\) or postgresql:\/\//);
  });
});

