import type { AgentSession } from "../lib/fleet/agent-sessions";

/** An agent connection's session as the gateway makes it at the handshake, for handler tests. */
export function testSession(overrides: Partial<AgentSession> = {}): AgentSession {
  return { hostname: "web-1", sourceIp: "10.0.0.7", registered: true, tokenId: "token-id", closed: false, ...overrides };
}
