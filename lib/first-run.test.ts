import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { FIRST_RUN_FILE, loadFirstRunSecrets } from "./first-run";

const tempDir = () => mkdtempSync(path.join(tmpdir(), "nixfleet-first-run-"));

describe("loadFirstRunSecrets", () => {
  it("generates a password once, keeps only its hash, and reuses it on the next start", () => {
    const dir = path.join(tempDir(), "data");
    const first = loadFirstRunSecrets({}, dir);
    expect(first.newPassword).toMatch(/^[\w-]{16}$/);
    expect(bcrypt.compareSync(first.newPassword!, first.secrets.passwordHash!)).toBe(true);
    const file = path.join(dir, FIRST_RUN_FILE);
    expect(readFileSync(file, "utf8")).not.toContain(first.newPassword);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = loadFirstRunSecrets({}, dir);
    expect(second.newPassword).toBeUndefined();
    expect(second.secrets).toEqual(first.secrets);
  });

  it("does nothing in production or when a password hash is configured", () => {
    expect(loadFirstRunSecrets({ NODE_ENV: "production" }, tempDir())).toEqual({ secrets: {} });
    expect(loadFirstRunSecrets({ NIXFLEET_PASSWORD_HASH: "$2b$..." }, tempDir())).toEqual({ secrets: {} });
  });

  it("refuses a damaged secrets file with a message that says what to do", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, FIRST_RUN_FILE), "{ not json");
    expect(() => loadFirstRunSecrets({}, dir)).toThrow(/is damaged: delete it/);
  });
});
