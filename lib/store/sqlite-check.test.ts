import { copyFileSync, mkdtempSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSqliteFile } from "./sqlite-check";
import { createTestStore } from "../../test-support/test-store";

async function storeFile(): Promise<string> {
  const store = await createTestStore();
  const [row] = await store.$queryRawUnsafe<{ file: string }[]>("PRAGMA database_list");
  await store.$disconnect();
  const copy = path.join(mkdtempSync(path.join(tmpdir(), "nixfleet-check-")), "nixfleet.db");
  copyFileSync(row!.file, copy);
  return copy;
}

describe("checkSqliteFile", () => {
  it("passes a sound database and a file not made yet", async () => {
    expect(checkSqliteFile(`file:${await storeFile()}`)).toEqual({ ok: true });
    expect(checkSqliteFile(`file:${path.join(tmpdir(), "nixfleet-no-such-dir", "x.db")}`)).toEqual({ ok: true });
  });

  it("refuses a truncated database in SQLite's own words", async () => {
    const file = await storeFile();
    truncateSync(file, Math.floor(statSync(file).size / 2));
    expect(checkSqliteFile(`file:${file}`)).toEqual({ ok: false, error: `${file}: database disk image is malformed` });
  });

  it("refuses a file that is not a database", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "nixfleet-check-")), "nixfleet.db");
    writeFileSync(file, "this is not a database, but it is long enough to have a header of 100 bytes ".repeat(3));
    expect(checkSqliteFile(`file:${file}`)).toEqual({ ok: false, error: `${file}: file is not a database` });
  });

  it("warns of an empty file, which starts as an empty fleet", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "nixfleet-check-")), "nixfleet.db");
    writeFileSync(file, "");
    expect(checkSqliteFile(`file:${file}`)).toEqual({
      ok: true, warning: `${file} is empty (0 bytes): starting with an empty fleet; restore it from a backup if it held one`,
    });
  });
});
