import type { BulkRuns } from "../../fleet/bulk-runs";
import type { BulkRequestMessage, BulkRunView, BrowserReply } from "../../protocol/browser";
import type { BrowserMessageContext } from "./context";

/** `bulk:request`: one command on many hosts, in the user's name; progress follows as `bulk:progress`. */
export async function handleBulkRequest(
  { user, ip, bulk }: Pick<BrowserMessageContext, "user" | "ip"> & { bulk: Pick<BulkRuns, "start"> },
  { hosts, type, runTests }: BulkRequestMessage,
): Promise<BrowserReply<{ run: BulkRunView }>> {
  return { ok: true, run: await bulk.start({ hosts, type, ...(runTests === undefined ? {} : { runTests }), requestedBy: user, sourceIp: ip }) };
}
