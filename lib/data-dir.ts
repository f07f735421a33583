import { chmodSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Makes the data directory private, however the server was started (npm start, npm run dev, the
 * bundle itself): the directory 0700 and every file in it 0600, and a umask so files made later
 * (the database's journal, first-run secrets) are born that way. It holds token hashes, the audit
 * log and possibly generated secrets.
 */
export function secureDataDir(dir: string): void {
  process.umask(0o077);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (statSync(file).isFile()) chmodSync(file, 0o600);
  }
}
