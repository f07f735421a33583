import { mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { secureDataDir } from "./data-dir";

describe("secureDataDir", () => {
  const umask = process.umask();
  afterEach(() => void process.umask(umask));

  it("creates the directory 0700, makes existing files 0600, and new files are born 0600 (issue 12, weak spot 6)", () => {
    const root = mkdtempSync(path.join(tmpdir(), "nixfleet-data-"));
    const existing = path.join(root, "old");
    mkdirSync(existing, { mode: 0o755 });
    writeFileSync(path.join(existing, "nixfleet.db"), "", { mode: 0o644 });
    secureDataDir(existing);
    expect(statSync(existing).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(existing, "nixfleet.db")).mode & 0o777).toBe(0o600);

    const fresh = path.join(root, "new", "data");
    secureDataDir(fresh);
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    writeFileSync(path.join(fresh, "later.db"), "");
    expect(statSync(path.join(fresh, "later.db")).mode & 0o777).toBe(0o600);
  });
});
