import { readGenerations } from "../generations";
import { outcomeOf, type CommandContext, type CommandOutcome } from "./context";
import { runRevert, type SafetySettings } from "./safe-switch";

/**
 * `rollback`: back to `generation`, or to the newest generation before the running one, the same way
 * the watchdog switches back (revert.ts), as a detached step (it may restart the agent).
 */
export async function runRollback(ctx: CommandContext, settings: SafetySettings, generation: number | undefined): Promise<CommandOutcome> {
  const generations = readGenerations(settings.profile, settings.currentSystemLink);
  const current = generations.find((candidate) => candidate.current);
  const target =
    generation === undefined
      ? generations.find((candidate) => current !== undefined && candidate.number < current.number)
      : generations.find((candidate) => candidate.number === generation);
  if (target === undefined) {
    const known = generations.map((candidate) => candidate.number).join(", ") || "none";
    ctx.note(
      generation === undefined
        ? `rollback: no generation before the running one ${current ? `(${current.number})` : ""} in ${settings.profile} (generations: ${known})`
        : `rollback: generation ${generation} is not in ${settings.profile} (generations: ${known})`,
    );
    return { state: "failed", exitCode: null };
  }
  if (target.current) {
    ctx.note(`rollback: generation ${target.number} is already running: nothing to do`);
    return { state: "succeeded", exitCode: 0 };
  }
  ctx.note(`rollback: from generation ${current?.number ?? "?"} to generation ${target.number} (${target.storePath})`);
  return outcomeOf(await runRevert(ctx, settings, target), ctx.stopped);
}
