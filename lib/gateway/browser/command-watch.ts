import type { OutputBacklog } from "../../fleet/output-backlog";
import type { BrowserReply, CommandBacklog } from "../../protocol/browser";
import { commandRoom, type BrowserMessageContext } from "./context";

/** `command:watch`: the command's stored output so far, then its live lines and changes. */
export async function handleCommandWatch(
  { join, backlog }: Pick<BrowserMessageContext, "join"> & { backlog: Pick<OutputBacklog, "watch"> },
  { commandId }: { commandId: string },
): Promise<BrowserReply<CommandBacklog>> {
  const watched = await backlog.watch(commandId, async () => join(commandRoom(commandId)));
  return watched ? { ok: true, ...watched } : { ok: false, error: "no such command" };
}
