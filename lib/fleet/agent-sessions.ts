import type { AuditLog } from "../audit/audit-log";
import type { Logger } from "../logger";
import type { RegisterAck, RegisterMessage } from "../protocol/agent";
import type { CommandService } from "./command-service";
import type { LiveFleet } from "./live-fleet";

/** One agent connection as the fleet sees it; the gateway keeps one per socket. */
export interface AgentSession {
  /** The host name the agent authenticated as. */
  readonly hostname: string;
  readonly sourceIp: string;
  /** Set once the agent has registered: until then its heartbeats and command messages are refused. */
  registered: boolean;
  /** The per-host token the agent authenticated with; null while it uses the shared token. */
  tokenId: string | null;
  /** Set when the connection closes (the agent may have given up waiting for an answer). */
  closed: boolean;
}

/** Issues a host its own token (lib/auth's AgentAuthenticator). */
export interface HostTokenIssuer {
  issue(hostname: string, source: "bootstrap"): Promise<{ token: string; tokenId: string }>;
}

export interface AgentSessionsDeps {
  fleet: LiveFleet;
  commands: Pick<CommandService, "agentRegistered" | "agentDisconnected">;
  tokens: HostTokenIssuer;
  audit: AuditLog;
  log: Logger;
  dashboardVersion: string;
  /** Whether the host has a connection to this replica (a newer one than a session that closed). */
  isConnected(hostname: string): boolean;
}

/**
 * An agent's life on this replica: it registers (the host goes online, its open commands are
 * reconciled with what it reports running, and an agent on the shared token gets its own token), and
 * it disconnects.
 */
export class AgentSessions {
  constructor(private readonly deps: AgentSessionsDeps) {}

  async register(session: AgentSession, message: RegisterMessage): Promise<RegisterAck> {
    const { fleet, commands, log } = this.deps;
    const { hostname } = session;
    if (message.hostname !== hostname) {
      return { ok: false, error: `register: host name "${message.hostname}" differs from the handshake's "${hostname}"` };
    }
    if (session.closed) return { ok: false, error: "disconnected before registering" };
    session.registered = true;
    await fleet.register(message);
    if (session.closed) {
      if (!this.deps.isConnected(hostname)) fleet.disconnect(hostname);
      return { ok: false, error: "disconnected while registering" };
    }
    await commands.agentRegistered(hostname, message.status);
    if (message.generations) await fleet.recordGenerations(hostname, message.generations);
    log.info("agent.registered", { host: hostname, version: message.agentVersion });
    const accepted = { ok: true as const, dashboardVersion: this.deps.dashboardVersion, ...fleet.registrationHints() };
    if (session.tokenId !== null) return accepted;
    const issued = await this.deps.tokens.issue(hostname, "bootstrap");
    session.tokenId = issued.tokenId;
    await this.deps.audit.record({ actor: `agent:${hostname}`, action: "token.bootstrap", target: hostname, sourceIp: session.sourceIp });
    return { ...accepted, hostToken: issued.token };
  }

  /** The host's current connection closed: it is offline (unless a peer replica holds it), its running command awaits it. */
  disconnected(hostname: string, reason: string): void {
    this.deps.fleet.disconnect(hostname);
    void this.deps.commands.agentDisconnected(hostname);
    this.deps.log.info("agent.disconnected", { host: hostname, reason });
  }
}
