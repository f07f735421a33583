import type { AgentSessions } from "../../fleet/agent-sessions";
import type { RegisterAck, RegisterMessage } from "../../protocol/agent";
import type { AgentMessageContext } from "./context";

/** `register`: the agent says who it is and where it stands; the session service does the rest. */
export function handleRegister(
  { session, sessions }: Pick<AgentMessageContext, "session"> & { sessions: Pick<AgentSessions, "register"> },
  message: RegisterMessage,
): Promise<RegisterAck> {
  return sessions.register(session, message);
}
