import { closeSync, fsyncSync, openSync, renameSync, writeSync } from "node:fs";

export interface AtomicWriteOptions {
  mode?: number;
  /** fsync before the rename: survives power loss, at a cost (default true). */
  durable?: boolean;
  /** Keep the content being replaced under this name: one step back, should the new one be damaged. */
  previous?: string;
}

/**
 * Replaces `file` so that a crash at any moment leaves either the old or the new content, never a
 * torn mix: write a temporary file beside it, flush it to disk (when `durable`), rename it over the
 * original. With `previous`, a crash between the two renames leaves no `file` but `previous`.
 */
export function writeFileAtomic(file: string, data: string, { mode = 0o600, durable = true, previous }: AtomicWriteOptions = {}): void {
  const temporary = `${file}.tmp-${process.pid}`;
  const fd = openSync(temporary, "w", mode);
  try {
    writeSync(fd, data);
    // Renaming alone already protects against a crash of the agent; fsync adds power loss, at a cost.
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (previous !== undefined) {
    try {
      renameSync(file, previous);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  renameSync(temporary, file);
}
