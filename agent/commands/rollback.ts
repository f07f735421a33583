import { readGenerations, type ProfileGeneration } from "../generations";
import type { CommandContext, CommandOutcome } from "./context";
import type { SafetySettings } from "./safe-switch";

/**
 * `rollback`: back to `generation`, or to the newest generation before the running one. `activate`
 * switches to it the way the watchdog switches back (revert.ts), under the same safety net as a
 * switch (the runner's confirm-or-revert): a generation that cuts the host off is left again.
 */
export async function runRollback(
  ctx: CommandContext,
  settings: Pick<SafetySettings, "profile" | "currentSystemLink">,
  generation: number | undefined,
  activate: (target: ProfileGeneration) => Promise<CommandOutcome>,
): Promise<CommandOutcome> {
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
  return activate(target);
}
