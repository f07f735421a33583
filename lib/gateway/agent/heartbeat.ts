import type { LiveFleet } from "../../fleet/live-fleet";
import type { Ack, HeartbeatMessage } from "../../protocol/agent";
import { notRegistered, type AgentMessageContext } from "./context";

/** `heartbeat`: the registered host's current status. */
export function handleHeartbeat(
  { session, fleet }: Pick<AgentMessageContext, "session"> & { fleet: Pick<LiveFleet, "heartbeat"> },
  message: HeartbeatMessage,
): Ack {
  if (!session.registered) return notRegistered;
  fleet.heartbeat(session.hostname, message);
  return { ok: true };
}
