import { commandOptions, type CommandRequests } from "../../fleet/command-service";
import type { BrowserReply, CommandRequestMessage, CommandSummary } from "../../protocol/browser";
import type { BrowserMessageContext } from "./context";

/** `command:request`: runs a command on one host, in the user's name, with its options (generation, runTests). */
export async function handleCommandRequest(
  { user, ip, requests }: Pick<BrowserMessageContext, "user" | "ip"> & { requests: Pick<CommandRequests, "request"> },
  { host, ...options }: CommandRequestMessage,
): Promise<BrowserReply<{ command: CommandSummary }>> {
  const outcome = await requests.request({ host, ...commandOptions(options), requestedBy: user, sourceIp: ip });
  return outcome.ok ? { ok: true, command: outcome.command } : { ok: false, error: outcome.reason };
}
