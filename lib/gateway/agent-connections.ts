import type { Socket } from "socket.io";
import type { Ack, AgentToServerEvents, CommandRun, CommandRunAck, ServerToAgentEvents } from "../protocol/agent";
import type { AgentDirectory } from "../fleet/agent-directory";
import type { AgentSession } from "../fleet/agent-sessions";
import type { AgentLink } from "../fleet/command-service";

/** An agent socket's data is its session. */
export type AgentSocket = Socket<AgentToServerEvents, ServerToAgentEvents, Record<string, never>, AgentSession>;

const ACK_TIMEOUT_MS = 15_000;

/** The registered agent socket of each host, and the way commands reach them. */
export class AgentConnections implements AgentLink, AgentDirectory {
  private readonly sockets = new Map<string, AgentSocket>();

  get(host: string): AgentSocket | undefined {
    return this.sockets.get(host);
  }

  /** Makes `socket` the host's connection, closing an older one of the same host. */
  set(host: string, socket: AgentSocket): AgentSocket | undefined {
    const previous = this.sockets.get(host);
    this.sockets.set(host, socket);
    if (previous && previous.id !== socket.id) {
      previous.disconnect(true);
      return previous;
    }
    return undefined;
  }

  /** Forgets the socket if it is still the host's current one; returns whether it was. */
  delete(host: string, socket: AgentSocket): boolean {
    if (this.sockets.get(host) !== socket) return false;
    this.sockets.delete(host);
    return true;
  }

  /** Closes the host's connection unless it authenticated with `keepTokenId` (after a revoke or rotation). */
  disconnectUnlessToken(host: string, keepTokenId: string | null): boolean {
    const socket = this.sockets.get(host);
    if (!socket || (keepTokenId !== null && socket.data.tokenId === keepTokenId)) return false;
    socket.disconnect(true);
    return true;
  }

  async run(host: string, command: CommandRun): Promise<CommandRunAck> {
    const socket = this.sockets.get(host);
    if (!socket) return { accepted: false, reason: `${host} is not connected` };
    try {
      return await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("command:run", command);
    } catch {
      return { accepted: false, reason: `${host} did not answer within ${ACK_TIMEOUT_MS / 1000} s` };
    }
  }

  async stop(host: string, commandId: string): Promise<Ack> {
    const socket = this.sockets.get(host);
    if (!socket) return { ok: false, error: `${host} is not connected` };
    try {
      return await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("command:stop", { commandId });
    } catch {
      return { ok: false, error: `${host} did not answer within ${ACK_TIMEOUT_MS / 1000} s` };
    }
  }
}
