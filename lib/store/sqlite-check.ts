import { statSync } from "node:fs";
import Database from "better-sqlite3";

export type SqliteCheck = { ok: true; warning?: string } | { ok: false; error: string };

/**
 * Checks the SQLite file before the migrations touch it: a damaged file is refused in SQLite's own
 * words ("database disk image is malformed") instead of the migration engine's trace, and an empty
 * one (0 bytes: lost, or truncated to nothing) is named, since it starts as an empty fleet.
 */
export function checkSqliteFile(databaseUrl: string): SqliteCheck {
  const file = databaseUrl.slice("file:".length);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return { ok: true };
  }
  if (size === 0) return { ok: true, warning: `${file} is empty (0 bytes): starting with an empty fleet; restore it from a backup if it held one` };
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma("quick_check") as { quick_check: string }[];
    const problems = rows.map((row) => row.quick_check).filter((line) => line !== "ok");
    return problems.length === 0 ? { ok: true } : { ok: false, error: `${file}: ${problems.slice(0, 3).join("; ")}` };
  } catch (error) {
    return { ok: false, error: `${file}: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    db?.close();
  }
}
