import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openStore, type Store } from "./client";
import { applyMigrations } from "./migrate";

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
