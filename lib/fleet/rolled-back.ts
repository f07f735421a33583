import type { CommandSummary, RolledBack } from "../protocol/browser";
import { SYSTEM_CHANGING_COMMANDS, type CommandType } from "../protocol/constants";

const SYSTEM_CHANGING: ReadonlySet<CommandType> = new Set(SYSTEM_CHANGING_COMMANDS);

/**
 * A host's rolled-back mark once `command` is known: set by a switch that was rolled back, cleared by
 * one that succeeded, kept by everything else (a test, a preview or a failed switch changes nothing of it).
 */
export function rolledBackAfter(current: RolledBack | null, command: CommandSummary): RolledBack | null {
  if (!SYSTEM_CHANGING.has(command.type)) return current;
  if (command.state === "succeeded") return null;
  if (command.state !== "rolled-back") return current;
  const { fromGeneration = null, toGeneration = null, reason = "rolled back" } = command.rollback ?? {};
  return { fromGeneration, toGeneration, reason, at: command.finishedAt };
}
