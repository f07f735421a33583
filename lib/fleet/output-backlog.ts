import type { CommandBacklog } from "../protocol/browser";
import type { Store } from "../store/client";
import { findCommand, readOutputTail } from "../store/commands";

/** Lines sent with a watch reply (the last ones); a longer output is read in full through the download. */
export const WATCH_BACKLOG_LINES = 5_000;

/** What a new watcher of a command's output is sent first: the command and its newest stored lines. */
export class OutputBacklog {
  constructor(private readonly store: Store) {}

  /**
   * The command and its last WATCH_BACKLOG_LINES stored lines (a watcher of a long running command
   * sees the tail, and the live lines follow on), or null when there is no such command.
   * `startStreaming` runs between the two reads: a line stored meanwhile reaches the watcher live
   * or in the backlog, never in neither (the browser drops what it gets twice, by seq).
   */
  async watch(commandId: string, startStreaming: () => Promise<void>): Promise<CommandBacklog | null> {
    const found = await findCommand(this.store, commandId);
    if (!found) return null;
    await startStreaming();
    const stored = await readOutputTail(this.store, commandId, WATCH_BACKLOG_LINES + 1);
    return {
      command: { ...found.command, hostName: found.host },
      lines: stored.slice(-WATCH_BACKLOG_LINES),
      truncated: stored.length > WATCH_BACKLOG_LINES,
    };
  }
}
