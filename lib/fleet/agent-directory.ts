/**
 * The agent connections as the rest of the dashboard needs them: the gateway implements it for this
 * replica's sockets, the cluster for every replica's. Declared here so that neither the cluster nor
 * the runtime depends on the gateway.
 */
export interface AgentDirectory {
  /** Closes the host's agent connection unless it authenticated with `keepTokenId` (after a revoke or rotation). */
  disconnectUnlessToken(host: string, keepTokenId: string | null): void;
}
