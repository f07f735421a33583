import type { CommandSummary } from "../protocol/browser";
import { isFinalState, type CommandState, type CommandType } from "../protocol/constants";

/** What the tally tells the metrics about one change of a command. */
export type CommandMark =
  | { kind: "started"; type: CommandType }
  | { kind: "finished"; type: CommandType; outcome: CommandState; durationSeconds: number | null }
  | null;

/**
 * Follows command changes as the command service announces them (the same command several times:
 * queued, running, awaiting its agent, running again, ended) and says when one started running and
 * when it ended, once each. It also knows the open commands: the ones whose output or result the
 * dashboard still waits for.
 */
export class CommandTally {
  private readonly open = new Map<string, { state: CommandState; started: boolean }>();

  note(command: CommandSummary): CommandMark {
    const known = this.open.get(command.id);
    if (isFinalState(command.state)) {
      if (!known) return null;
      this.open.delete(command.id);
      return { kind: "finished", type: command.type, outcome: command.state, durationSeconds: command.durationMs === null ? null : command.durationMs / 1000 };
    }
    const started = known?.started === true || command.state === "running";
    this.open.set(command.id, { state: command.state, started });
    return started && known?.started !== true ? { kind: "started", type: command.type } : null;
  }

  /** Open commands by state. */
  openByState(): Map<CommandState, number> {
    const counts = new Map<CommandState, number>();
    for (const { state } of this.open.values()) counts.set(state, (counts.get(state) ?? 0) + 1);
    return counts;
  }
}
