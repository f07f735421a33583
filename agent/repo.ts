import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { simpleGit } from "simple-git";

/**
 * Questions about the flake repository, answered with simple-git. The steps that change it (clone,
 * fetch, reset, clean, pull) run through the command's process group instead (commands/pull.ts):
 * simple-git cannot start git in a group of its own, and `stop` must be able to end them.
 */

/** Environment for every git the agent starts: never wait for a password prompt nobody sees. */
export function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: "0" };
}

export interface RepoFacts {
  headCommit: string | null;
  lockHash: string | null;
  lockModifiedAt: number | null;
}

const NO_FACTS: RepoFacts = { headCommit: null, lockHash: null, lockModifiedAt: null };

/** HEAD, the sha256 of flake.lock and the time of the last commit that touched it; nulls when unknown. */
export async function inspectRepository(dir: string | null): Promise<RepoFacts> {
  if (dir === null || !existsSync(path.join(dir, ".git"))) return NO_FACTS;
  const git = simpleGit({ baseDir: dir });
  const headCommit = await git.revparse(["--verify", "HEAD^{commit}"]).then(
    (sha) => sha.trim(),
    () => null,
  );
  let lockHash: string | null = null;
  try {
    lockHash = createHash("sha256").update(readFileSync(path.join(dir, "flake.lock"))).digest("hex");
  } catch {
    lockHash = null;
  }
  const lockModifiedAt = await git.raw(["log", "-1", "--format=%ct", "--", "flake.lock"]).then(
    (text) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : null),
    () => null,
  );
  return { headCommit, lockHash, lockModifiedAt };
}

/**
 * Why the agent's own clone cannot be used as it is, or null when it is healthy. A clone whose
 * `.git` is damaged would otherwise make git search upwards and act on some enclosing repository.
 */
export async function findCloneDamage(dir: string): Promise<string | null> {
  if (!existsSync(dir)) return "no clone yet";
  const gitDir = path.join(dir, ".git");
  if (!existsSync(gitDir)) return `${gitDir} is missing`;
  const git = simpleGit({ baseDir: dir });
  try {
    const reported = (await git.revparse(["--absolute-git-dir"])).trim();
    if (realpathSync(reported) !== realpathSync(gitDir)) return `git uses ${reported} instead of ${gitDir}`;
    await git.revparse(["--verify", "HEAD^{commit}"]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `git rev-parse failed: ${message.split("\n")[0] ?? message}`;
  }
  return null;
}

/** The URL the clone fetches from, or null when it has no origin (or is not there). */
export async function originUrl(dir: string): Promise<string | null> {
  if (!existsSync(path.join(dir, ".git"))) return null;
  return simpleGit({ baseDir: dir })
    .remote(["get-url", "origin"])
    .then(
      (url) => (typeof url === "string" ? url.trim() : null),
      () => null,
    );
}
