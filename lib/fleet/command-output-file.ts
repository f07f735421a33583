import { ServiceError } from "../service-error";
import type { Store } from "../store/client";
import { findCommand, readOutput } from "../store/commands";

/** Lines read from the store at a time: a long output streams out without being held in memory. */
const PAGE_LINES = 5_000;

export interface OutputFile {
  filename: string;
  body: ReadableStream<Uint8Array>;
}

/** The whole output of a command as a text file, read from the store page by page as it is sent. */
export async function openOutputFile(store: Store, commandId: string): Promise<OutputFile> {
  const found = await findCommand(store, commandId);
  if (!found) throw new ServiceError("not-found", "no such command");
  const encoder = new TextEncoder();
  let after = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const lines = await readOutput(store, commandId, after, PAGE_LINES);
      if (lines.length === 0) return controller.close();
      after = lines[lines.length - 1]!.seq;
      controller.enqueue(encoder.encode(lines.map((l) => l.line).join("\n") + "\n"));
    },
  });
  const startedAt = new Date(found.command.createdAt).toISOString().replace(/[:.]/g, "-");
  return { filename: `${found.host}-${found.command.type}-${startedAt}.log`, body };
}
