import { ServiceError } from "../service-error";
import type { Store } from "../store/client";
import type { Logger } from "../logger";
import { findCommand } from "../store/commands";
import { outputText } from "../store/output-text";

export interface OutputFile {
  filename: string;
  body: ReadableStream<Uint8Array>;
}

/**
 * The whole output of a command as a text file, read from the store page by page as it is sent (what
 * can be read of a damaged store, then a line saying why the rest is missing).
 */
export async function openOutputFile(store: Store, commandId: string, log: Logger): Promise<OutputFile> {
  const found = await findCommand(store, commandId);
  if (!found) throw new ServiceError("not-found", "no such command");
  const body = outputText(store, commandId, log);
  const startedAt = new Date(found.command.createdAt).toISOString().replace(/[:.]/g, "-");
  return { filename: `${found.host}-${found.command.type}-${startedAt}.log`, body };
}
