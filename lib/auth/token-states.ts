import type { HostTokenState, TokenList } from "../protocol/api";
import type { Store } from "../store/client";
import { findNewestHostTokens } from "../store/host-tokens";

/** The tokens page: every host's token, and whether the shared token still bootstraps new hosts. */
export async function listTokens(store: Store, hostNames: readonly string[], sharedToken: string | null): Promise<TokenList> {
  return { hosts: await listHostTokenStates(store, hostNames), sharedTokenEnabled: sharedToken !== null };
}

/** Every known host (and every host that only has a token so far) with the state of its token. */
export async function listHostTokenStates(store: Store, hostNames: readonly string[]): Promise<HostTokenState[]> {
  const tokens = new Map((await findNewestHostTokens(store)).map((t) => [t.hostName, t]));
  const names = [...new Set([...hostNames, ...tokens.keys()])].sort();
  return names.map((host) => {
    const token = tokens.get(host);
    if (!token) return { host, state: "none", source: null, createdAt: null, lastUsedAt: null, revokedAt: null };
    return {
      host,
      state: token.revokedAt ? "revoked" : "active",
      source: token.source,
      createdAt: token.createdAt.getTime(),
      lastUsedAt: token.lastUsedAt?.getTime() ?? null,
      revokedAt: token.revokedAt?.getTime() ?? null,
    };
  });
}
