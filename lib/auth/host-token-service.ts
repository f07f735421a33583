import type { AuditLog } from "../audit/audit-log";
import { ServiceError } from "../service-error";
import type { AgentAuthenticator } from "./agent-auth";

/** How the service closes an agent's connection (the gateway, or the cluster across replicas, implements it). */
export interface AgentDisconnector {
  /** Closes the host's agent connection unless it authenticated with `keepTokenId`. */
  disconnectUnlessToken(host: string, keepTokenId: string | null): void;
}

/** What an operator does to a host's token from the tokens page: issue, rotate, revoke. */
export class HostTokenService {
  constructor(
    private readonly authenticator: AgentAuthenticator,
    private readonly agents: AgentDisconnector,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Creates the host's token, or rotates it: the old one stops working, and an agent connected with
   * it is disconnected. Returns the token, the only time it is readable.
   */
  async issue(host: string, actor: string, sourceIp: string): Promise<{ token: string }> {
    const { token, tokenId } = await this.authenticator.issue(host, "manual");
    this.agents.disconnectUnlessToken(host, tokenId);
    await this.audit.record({ actor, action: "token.issue", target: host, sourceIp });
    return { token };
  }

  /** Revokes the host's token and disconnects its agent, which stays out until a new token is issued. */
  async revoke(host: string, actor: string, sourceIp: string): Promise<void> {
    const revoked = await this.authenticator.revoke(host);
    if (revoked === 0) throw new ServiceError("not-found", `${host} has no active token`);
    this.agents.disconnectUnlessToken(host, null);
    await this.audit.record({ actor, action: "token.revoke", target: host, sourceIp });
  }
}
