import type { CommandRequests } from "../../fleet/command-service";
import type { BrowserReply } from "../../protocol/browser";
import type { BrowserMessageContext } from "./context";

/** `command:stop`: stops the command running on a host, in the user's name. */
export async function handleCommandStop(
  { user, ip, requests }: Pick<BrowserMessageContext, "user" | "ip"> & { requests: Pick<CommandRequests, "requestStop"> },
  { host }: { host: string },
): Promise<BrowserReply> {
  const outcome = await requests.requestStop(host, user, ip);
  return outcome.ok ? { ok: true } : { ok: false, error: outcome.reason };
}
