import type { AgentAuthenticator } from "../../auth/agent-auth";
import type { AgentSession, AgentSessions } from "../../fleet/agent-sessions";
import type { CommandService } from "../../fleet/command-service";
import type { LiveFleet } from "../../fleet/live-fleet";
import type { AgentToServerEvents, ConfirmToServerEvents } from "../../protocol/agent";
import type { MessageHandlers } from "../handle-message";

/** What an agent's message handler works with: the connection's session and the services. */
export interface AgentMessageContext {
  session: AgentSession;
  sessions: AgentSessions;
  fleet: LiveFleet;
  commands: CommandService;
  tokens: Pick<AgentAuthenticator, "confirm">;
}

export type AgentMessageHandlers = MessageHandlers<AgentToServerEvents, AgentMessageContext>;
export type ConfirmMessageHandlers = MessageHandlers<ConfirmToServerEvents, AgentMessageContext>;

/** The answer to anything but `register` before the agent has registered. */
export const notRegistered = { ok: false as const, error: "register first" };
