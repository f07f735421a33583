import { renameSync, rmSync } from "node:fs";
import type { AgentOptions } from "../cli";
import { findCloneDamage, gitEnv, originUrl } from "../repo";
import { MISSING_REPO_URL_HINT } from "../repo-url";
import { outcomeOf, type CommandContext, type CommandOutcome } from "./context";

/** `repoUrl`: the repository to clone in isolated mode as known now (repo-url.ts), not only the option. */
type PullSettings = Pick<AgentOptions, "isolatedRepoMode" | "repoUrl" | "repoDir" | "branch">;

/**
 * `pull` (SPEC 2.4). Isolated: the agent's own clone in its state dir, cloned on first use and
 * cloned again when damaged, then fetch + reset --hard + clean, so it is exactly origin's branch.
 * Not isolated: a fast-forward pull of --repo-dir, which never throws away the user's work.
 */
export async function runPull(ctx: CommandContext, settings: PullSettings): Promise<CommandOutcome> {
  if (settings.repoDir === null) {
    ctx.note("pull: no repository configured (give --repo-dir, or use isolated mode)");
    return { state: "failed", exitCode: null };
  }
  if (!settings.isolatedRepoMode) return outcomeOf(await git(ctx, settings.repoDir, ["pull", "--ff-only"]), ctx.stopped);
  if (settings.repoUrl === null) {
    ctx.note(`pull: no repository to clone: ${MISSING_REPO_URL_HINT}`);
    return { state: "failed", exitCode: null };
  }
  return pullIsolated(ctx, settings.repoDir, settings.repoUrl, settings.branch);
}

async function pullIsolated(ctx: CommandContext, dir: string, url: string, branch: string): Promise<CommandOutcome> {
  const damage = await findCloneDamage(dir);
  if (damage !== null) {
    if (damage !== "no clone yet") ctx.note(`the agent's clone is damaged (${damage}): cloning it again`);
    const cloned = await cloneInto(ctx, dir, url, branch);
    if (cloned.state !== "succeeded") return cloned;
  } else if ((await originUrl(dir)) !== url) {
    const status = await git(ctx, dir, ["remote", "set-url", "origin", url]);
    if (status.exitCode !== 0) return outcomeOf(status, ctx.stopped);
  }
  const fetched = await git(ctx, dir, ["fetch", "--prune", "origin", `+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
  if (fetched.exitCode !== 0) return outcomeOf(fetched, ctx.stopped);
  const reset = await resetToOrigin(ctx, dir, branch);
  if (reset.state !== "failed" || ctx.stopped) return reset;
  // Fetch worked but the checkout could not be reset: its objects are broken. A fresh clone repairs it.
  ctx.note("resetting the clone failed: cloning it again");
  const cloned = await cloneInto(ctx, dir, url, branch);
  return cloned.state === "succeeded" ? resetToOrigin(ctx, dir, branch) : cloned;
}

/** Clones beside the target and renames it into place, so a clone cut short never looks usable. */
async function cloneInto(ctx: CommandContext, dir: string, url: string, branch: string): Promise<CommandOutcome> {
  const temporary = `${dir}.clone-tmp`;
  rmSync(temporary, { recursive: true, force: true });
  const status = await git(ctx, null, ["clone", "--branch", branch, "--", url, temporary]);
  if (status.exitCode !== 0) {
    rmSync(temporary, { recursive: true, force: true });
    return outcomeOf(status, ctx.stopped);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(temporary, dir);
  return { state: "succeeded", exitCode: 0 };
}

/** Makes the working tree exactly origin's branch: local edits and untracked files go. */
async function resetToOrigin(ctx: CommandContext, dir: string, branch: string): Promise<CommandOutcome> {
  for (const args of [["reset", "--hard", `origin/${branch}`], ["clean", "-fd"]]) {
    const status = await git(ctx, dir, args);
    if (status.exitCode !== 0) return outcomeOf(status, ctx.stopped);
  }
  return { state: "succeeded", exitCode: 0 };
}

function git(ctx: CommandContext, cwd: string | null, args: string[]) {
  return ctx.run("pull", "git", args, { cwd: cwd ?? undefined, env: gitEnv() });
}
