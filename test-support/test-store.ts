import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { AuditLog } from "../lib/audit/audit-log";
import { recordAuditMany } from "../lib/store/audit";
import { openStore, type Store } from "../lib/store/client";
import { applyMigrations } from "../lib/store/migrate";
import { parsePostgresUrl, poolConfig } from "../lib/store/postgres-adapter";

let template: Promise<string> | undefined;

/** A real, migrated SQLite store in a fresh temp dir, for tests (migrated once, then copied). */
export async function createTestStore(): Promise<Store> {
  template ??= (async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "nixfleet-template-")), "nixfleet.db");
    await applyMigrations(`file:${file}`, process.cwd());
    return file;
  })();
  const file = path.join(mkdtempSync(path.join(tmpdir(), "nixfleet-store-")), "nixfleet.db");
  copyFileSync(await template, file);
  return openStore(`file:${file}`);
}

const postgresTemplates = new Map<string, Promise<void>>();
let postgresStores = 0;

/**
 * A real, migrated store in a fresh database of the PostgreSQL server that `serverUrl` points at
 * (test-support/postgres.ts starts one; its user must be allowed to create databases). The
 * migrations run once per server into a template database; each store is a copy of it.
 */
export async function createPostgresTestStore(serverUrl: string): Promise<Store> {
  const server = new URL(serverUrl);
  const databaseUrl = (name: string) => Object.assign(new URL(server), { pathname: `/${name}` }).href;
  const key = `${server.host}${server.search}`;
  const templateName = "nixfleet_template";
  let migrated = postgresTemplates.get(key);
  if (!migrated) {
    migrated = (async () => {
      await createDatabase(serverUrl, templateName);
      await applyMigrations(databaseUrl(templateName), process.cwd());
    })();
    postgresTemplates.set(key, migrated);
  }
  await migrated;
  const name = `nixfleet_store_${process.pid}_${++postgresStores}`;
  await createDatabase(serverUrl, name, templateName);
  return openStore(databaseUrl(name));
}

async function createDatabase(serverUrl: string, name: string, template?: string): Promise<void> {
  const admin = new pg.Client(poolConfig(parsePostgresUrl(serverUrl), 1));
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  } finally {
    await admin.end();
  }
}

/** An audit log that writes to `store` at once, for tests of the services that record entries. */
export function storeAudit(store: Store): AuditLog {
  return new AuditLog((entries) => recordAuditMany(store, entries), 0);
}
