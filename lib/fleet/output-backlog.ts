import type { OutputChunk } from "../protocol/agent";
import type { CommandBacklog, OutputLine } from "../protocol/browser";
import type { Store } from "../store/client";
import { findCommand, readOutputTail } from "../store/commands";

/** Lines sent with a watch reply (the last ones); a longer output is read in full through the download. */
export const WATCH_BACKLOG_LINES = 5_000;

/** What a new watcher of a command's output is sent first: the command and its newest stored lines. */
export class OutputBacklog {
  /** `unstored`: the lines already relayed live but not stored yet (CommandService.unstoredOutput). */
  constructor(
    private readonly store: Store,
    private readonly unstored: (commandId: string) => readonly OutputChunk[] = () => [],
  ) {}

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
    // Lines are relayed as they arrive, before they are stored: one relayed before streaming started
    // and stored after the read below is in neither, unless taken here, before that read.
    const relayed = this.unstored(commandId).map(({ seq, stream, line }): OutputLine => ({ seq, stream, line }));
    const stored = await readOutputTail(this.store, commandId, WATCH_BACKLOG_LINES + 1);
    const bySeq = new Map<number, OutputLine>(relayed.map((line) => [line.seq, line]));
    for (const line of stored) bySeq.set(line.seq, line);
    const lines = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    return {
      command: { ...found.command, hostName: found.host },
      lines: lines.slice(-WATCH_BACKLOG_LINES),
      truncated: lines.length > WATCH_BACKLOG_LINES,
    };
  }
}
