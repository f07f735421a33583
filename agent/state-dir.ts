import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { errorMessage } from "./log";

/**
 * Checks at start that the state directory can be written (its folders made, a file written and
 * removed): on a read-only or unusable one the agent says so in one line and exits 2, instead of
 * failing later. A disk that turns read-only while the agent runs is handled where it writes.
 */
export function checkStateDir(stateDir: string): string | null {
  const probe = path.join(stateDir, `.write-check-${process.pid}`);
  try {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    makeDir(path.join(stateDir, "detached"));
    writeFileSync(probe, "", { mode: 0o600 });
    rmSync(probe);
    return null;
  } catch (error) {
    return `--state-dir ${stateDir} is not writable: ${errorMessage(error)} (the agent keeps its outbox, journal and host token there)`;
  }
}

/** Not `recursive`: on a read-only disk that reports ENOENT where a plain mkdir says EROFS. */
function makeDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}
