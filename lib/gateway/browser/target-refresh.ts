import type { BrowserReply, FleetTargetState } from "../../protocol/browser";
import type { BrowserMessageContext } from "./context";

/** `target:refresh`: fetches the fleet target now rather than at the next poll. */
export async function handleTargetRefresh({ target }: Pick<BrowserMessageContext, "target">): Promise<BrowserReply<{ state: FleetTargetState }>> {
  return { ok: true, state: await target.refresh() };
}
