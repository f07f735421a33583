import { randomBytes } from "node:crypto";
import type { Store } from "../store/client";
import { Batcher } from "../batcher";
import {
  findNewestHostTokensOf,
  markHostTokensUsed,
  replaceHostTokens,
  revokeHostTokens,
  type HostToken,
  type NewHostToken,
  type TokenSource,
} from "../store/host-tokens";
import { hashToken, tokensMatch } from "./agent-token";

export type AgentAuthResult =
  | { ok: true; via: "host"; tokenId: string }
  /** The shared token: the dashboard issues a per-host token on registration. */
  | { ok: true; via: "shared" }
  | { ok: false; reason: string };

export interface SharedTokenPolicy {
  /** NIXFLEET_AGENT_TOKEN, or null when the shared token is turned off. */
  sharedToken: string | null;
}

export const HOST_TOKEN_PREFIX = "nfh_";

/** How long token lookups and writes wait for others to share their statement. */
const BATCH_WINDOW_MS = 20;

export function generateHostToken(): string {
  return HOST_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/**
 * The rules of agent tokens: a per-host token is bound to its host name; the shared token only
 * bootstraps hosts that have no token of their own yet, or whose bootstrap token never reached them
 * (the agent has not confirmed storing it) while they are offline. So a leaked shared token cannot
 * take over an existing host, not even one bootstrapped a minute ago.
 */
export class AgentAuthenticator {
  // A reconnect storm authenticates and bootstraps thousands of agents at once: their lookups and
  // writes are gathered for a few milliseconds and made in batches.
  private readonly newestTokens: Batcher<string, HostToken | null>;
  private readonly usedTokens: Batcher<string, void>;
  private readonly newTokens: Batcher<NewHostToken, HostToken>;

  constructor(
    private readonly store: Store,
    private readonly policy: SharedTokenPolicy,
  ) {
    this.newestTokens = new Batcher(async (hosts) => {
      const newest = await findNewestHostTokensOf(store, hosts);
      return hosts.map((host) => newest.get(host) ?? null);
    }, BATCH_WINDOW_MS);
    this.usedTokens = new Batcher(async (ids) => {
      await markHostTokensUsed(store, ids);
      return ids.map(() => undefined);
    }, BATCH_WINDOW_MS);
    this.newTokens = new Batcher((tokens) => replaceHostTokens(store, tokens), BATCH_WINDOW_MS);
  }

  /** `hostOnline`: an agent of that name is connected (to any replica). */
  async authenticate(hostname: string, token: string, hostOnline: boolean): Promise<AgentAuthResult> {
    const newest = await this.newestTokens.run(hostname);
    const active = newest && newest.revokedAt === null ? newest : null;
    if (active && tokensMatch(hashToken(token), active.hash)) {
      await this.usedTokens.run(active.id);
      return { ok: true, via: "host", tokenId: active.id };
    }
    const shared = this.policy.sharedToken !== null && tokensMatch(token, this.policy.sharedToken);
    if (!shared) return { ok: false, reason: "wrong token" };
    // A revoked host stays out until someone issues it a new token on the tokens page.
    if (!newest) return { ok: true, via: "shared" };
    const unconfirmed = active !== null && active.source === "bootstrap" && active.lastUsedAt === null;
    if (unconfirmed && !hostOnline) return { ok: true, via: "shared" };
    if (unconfirmed) return { ok: false, reason: "host is online: the shared token is refused" };
    return { ok: false, reason: active ? "host has its own token: the shared token is refused" : "host's token was revoked: the shared token is refused" };
  }

  /** The agent stored the token `tokenId` it was issued: the shared token no longer bootstraps its host. */
  async confirm(tokenId: string): Promise<void> {
    await this.usedTokens.run(tokenId);
  }

  /** Replaces the host's token with a new one and returns it (the only time it is readable). */
  async issue(hostname: string, source: TokenSource): Promise<{ token: string; tokenId: string }> {
    const token = generateHostToken();
    const row = await this.newTokens.run({ hostName: hostname, hash: hashToken(token), source });
    return { token, tokenId: row.id };
  }

  async revoke(hostname: string): Promise<number> {
    return revokeHostTokens(this.store, hostname);
  }
}
