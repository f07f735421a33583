import { existsSync } from "node:fs";

/**
 * The repository a command that builds from it (switch, preview) uses, or why it cannot start;
 * `what` names the command in the reason.
 */
export function repoDirFor(repoDir: string | null, what: string): { dir: string } | { problem: string } {
  if (repoDir === null) return { problem: `${what}: no repository configured (give --repo-dir, or use isolated mode)` };
  if (!existsSync(repoDir)) {
    return { problem: `${what}: ${repoDir} does not exist yet: run Pull first (in isolated mode the first pull clones the repository)` };
  }
  return { dir: repoDir };
}
