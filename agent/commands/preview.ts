import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { previewCounts, type Preview, type PreviewUnits } from "../../lib/protocol/index";
import { previewCountsText } from "../../lib/protocol/preview-format";
import type { AgentOptions } from "../cli";
import { platformSupport } from "../platforms/index";
import { resolveStorePath } from "../store-path";
import { outcomeOf, type CommandContext, type CommandOutcome } from "./context";
import { parseDiffClosures } from "./diff-closures";
import { parseDryActivate } from "./dry-activate";
import { repoDirFor } from "./repo-dir";

type PreviewSettings = Pick<AgentOptions, "platform" | "repoDir" | "hostname" | "stateDir" | "currentSystemLink">;

/** nix's store commands are still behind this flag; naming it keeps them working where it is not on. */
const NIX_COMMAND = ["--extra-experimental-features", "nix-command"];

/**
 * `preview` (SPEC 2.4): builds the desired system without activating it (`<tool> build --flake
 * <repo>#<host>`), compares its closure with the running system's (`nix store diff-closures`), and
 * on NixOS asks `nixos-rebuild dry-activate` which units a switch would touch. Every step's output
 * is streamed like any command's; the parsed Preview goes with the result.
 *
 * The build runs in <state dir>/preview, where it leaves its `result` link: that names the built
 * system, and keeps it from being garbage-collected until the next preview, so a switch after it
 * builds nothing again.
 */
export async function runPreview(ctx: CommandContext, settings: PreviewSettings): Promise<CommandOutcome> {
  const repo = repoDirFor(settings.repoDir, "preview");
  if ("problem" in repo) {
    ctx.note(repo.problem);
    return { state: "failed", exitCode: null };
  }
  const { build, dryActivate } = platformSupport(settings.platform).previewCommands(`${repo.dir}#${settings.hostname}`);
  const buildDir = path.join(settings.stateDir, "preview");
  mkdirSync(buildDir, { recursive: true });
  rmSync(path.join(buildDir, "result"), { force: true });

  const built = await ctx.run("preview", build.command, build.args, { cwd: buildDir });
  if (built.exitCode !== 0) return outcomeOf(built, ctx.stopped);
  const desiredSystem = resolveStorePath(path.join(buildDir, "result"));
  if (desiredSystem === null) {
    ctx.note(`preview: ${build.command} build left no result link in ${buildDir}`);
    return { state: "failed", exitCode: null };
  }
  const running = resolveStorePath(settings.currentSystemLink);
  if (running === null) {
    ctx.note(`preview: the running system is unknown (${settings.currentSystemLink} does not point into /nix/store)`);
    return { state: "failed", exitCode: null };
  }

  const diff = await readStep(ctx, "nix", [...NIX_COMMAND, "store", "diff-closures", running, desiredSystem]);
  if ("outcome" in diff) return diff.outcome;
  let units: PreviewUnits | null = null;
  if (dryActivate !== null) {
    const activation = await readStep(ctx, dryActivate.command, dryActivate.args, repo.dir);
    if ("outcome" in activation) return activation.outcome;
    units = parseDryActivate(activation.text);
  }
  const preview: Preview = { ...parseDiffClosures(diff.text), units, desiredSystem };
  ctx.note(`preview: ${previewCountsText(previewCounts(preview))}`);
  return { state: "succeeded", exitCode: 0, preview };
}

/** Runs a step whose output the preview reads (both streams: dry-activate writes to stderr). */
async function readStep(
  ctx: CommandContext,
  command: string,
  args: string[],
  cwd?: string,
): Promise<{ text: string } | { outcome: CommandOutcome }> {
  const lines: string[] = [];
  const status = await ctx.run("preview", command, args, { cwd, onLine: (_stream, line) => lines.push(line) });
  if (status.exitCode !== 0) return { outcome: outcomeOf(status, ctx.stopped) };
  return { text: lines.join("\n") };
}
