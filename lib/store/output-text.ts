import type { Logger } from "../logger";
import type { Store } from "./client";
import { readOutput } from "./commands";

/**
 * A command's stored output as text, read page by page. A page that cannot be read (a damaged
 * database) ends the text with a line saying so: the lines before it are worth having, and a
 * download that closed with 0 bytes said nothing at all.
 */
export function outputText(store: Store, commandId: string, log: Logger, pageLines = 5_000): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const lines = await readOutput(store, commandId, after, pageLines);
        if (lines.length === 0) return controller.close();
        after = lines[lines.length - 1]!.seq;
        controller.enqueue(encoder.encode(lines.map((l) => l.line).join("\n") + "\n"));
      } catch (error) {
        // Prisma's message is a page: its last line is the database's own words.
        const reason = (error instanceof Error ? error.message : String(error)).trim().split("\n").at(-1)!.trim();
        log.error("output.read_failed", { command: commandId, after, error: reason });
        controller.enqueue(encoder.encode(`[nixfleet: the output stops here: it could not be read from the database (${reason})]\n`));
        controller.close();
      }
    },
  });
}
