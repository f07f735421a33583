import { closeSync, fsyncSync, openSync, renameSync, writeSync } from "node:fs";

/**
 * Replaces `file` so that a crash at any moment leaves either the old or the new content, never a
 * torn mix: write a temporary file beside it, flush it to disk (when `durable`), rename it over the
 * original.
 */
export function writeFileAtomic(file: string, data: string, mode = 0o600, durable = true): void {
  const temporary = `${file}.tmp-${process.pid}`;
  const fd = openSync(temporary, "w", mode);
  try {
    writeSync(fd, data);
    // Renaming alone already protects against a crash of the agent; fsync adds power loss, at a cost.
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}
