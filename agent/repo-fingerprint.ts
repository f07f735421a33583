import { lstatSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/**
 * A cheap token that changes whenever the answers of `inspectRepository` may change, read from the
 * file system alone (a few stats and two small reads), so that a heartbeat on an unchanged clone
 * starts no git process. Git rewrites HEAD, refs, packed-refs and shallow by renaming a new file over
 * the old, so each change gives a new inode and ctime. The log of flake.lock follows from the commit
 * HEAD names (and the shallow boundary); the lock's hash from the file itself.
 * Null when the clone's layout is one this does not follow (a `.git` file, a symbolic ref pointing
 * at another symbolic ref): the caller then asks git every time.
 */
export function repoFingerprint(dir: string): string | null {
  const gitDir = path.join(dir, ".git");
  const gitDirStat = lstatSync(gitDir, { throwIfNoEntry: false });
  if (!gitDirStat?.isDirectory()) return null;
  const head = readSmallFile(path.join(gitDir, "HEAD"));
  if (head === null) return null;
  const ref = /^ref: (refs\/\S+)\s*$/.exec(head)?.[1];
  const refContent = ref === undefined ? "" : readSmallFile(path.join(gitDir, ref));
  if (refContent?.startsWith("ref:")) return null;
  return [
    head.trim(),
    refContent?.trim() ?? "-",
    fileStamp(path.join(gitDir, "packed-refs")),
    fileStamp(path.join(gitDir, "shallow")),
    fileStamp(path.join(dir, "flake.lock")),
  ].join("|");
}

function readSmallFile(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** Inode, size and change times in nanoseconds, or "-" when the file is not there. */
function fileStamp(file: string): string {
  const stat = statSync(file, { bigint: true, throwIfNoEntry: false });
  return stat ? `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}` : "-";
}
