import { useEffect, useState } from "react";
import { useFleetClient } from "@/components/fleet/fleet-client-context";
import type { OutputLine, WatchedCommand } from "@/lib/protocol/browser";
import { OutputBuffer } from "@/lib/ui/output-buffer";

export interface CommandOutput {
  command: WatchedCommand | null;
  blocks: readonly (readonly OutputLine[])[];
  /** The watch reply has arrived (lines may still be empty). */
  loaded: boolean;
  /** The stored output was longer than the watch reply: the download has all of it. */
  truncated: boolean;
  /** Old lines dropped from the page to keep it fast. */
  dropped: number;
  error: string | null;
}

const INITIAL: CommandOutput = { command: null, blocks: [], loaded: false, truncated: false, dropped: 0, error: null };

/**
 * Watches a command: its record and state, and its output (stored lines, then live ones, each
 * once). New lines reach React at most once per animation frame, however fast they come.
 */
export function useCommandOutput(commandId: string): CommandOutput {
  const client = useFleetClient();
  const [output, setOutput] = useState<CommandOutput>(INITIAL);
  useEffect(() => {
    const buffer = new OutputBuffer();
    let frame: number | null = null;
    const flush = () => {
      frame = null;
      setOutput((current) => ({ ...current, blocks: buffer.getBlocks(), dropped: buffer.droppedLines }));
    };
    const stop = client.watch(commandId, {
      onLines: (lines) => {
        if (buffer.append(lines) && frame === null) frame = requestAnimationFrame(flush);
      },
      onCommand: (command) => setOutput((current) => ({ ...current, command })),
      onBacklog: ({ truncated }) => setOutput((current) => ({ ...current, loaded: true, truncated })),
      onError: (error) => setOutput((current) => ({ ...current, loaded: true, error })),
    });
    return () => {
      stop();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [client, commandId]);
  return output;
}
