import type { BrowserReply, FleetTargetState } from "../../protocol/browser";
import type { FleetTargetPoller } from "../../fleet/fleet-target";

/** `target:refresh`: fetches the fleet target now rather than at the next poll. */
export async function handleTargetRefresh({ target }: { target: Pick<FleetTargetPoller, "refresh"> }): Promise<BrowserReply<{ state: FleetTargetState }>> {
  return { ok: true, state: await target.refresh() };
}
