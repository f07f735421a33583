import type { LiveFleet } from "../../fleet/live-fleet";
import type { Ack, HostGenerations } from "../../protocol/agent";
import { notRegistered, type AgentMessageContext } from "./context";

/** `host:generations`: the host's generations changed (a switch, a rollback, a change of its profile). */
export async function handleHostGenerations(
  { session, fleet }: Pick<AgentMessageContext, "session"> & { fleet: Pick<LiveFleet, "recordGenerations"> },
  message: HostGenerations,
): Promise<Ack> {
  if (!session.registered) return notRegistered;
  await fleet.recordGenerations(session.hostname, message.generations);
  return { ok: true };
}
