import type { HostToken } from "./generated/client.ts";
import type { Store } from "./client";

export type TokenSource = "bootstrap" | "manual";

/** The host's newest token, revoked or not: whether the host ever had a token of its own. */
export async function findNewestHostToken(store: Store, hostName: string): Promise<HostToken | null> {
  return store.hostToken.findFirst({ where: { hostName }, orderBy: { createdAt: "desc" } });
}

/** Revokes the host's active token(s) and stores the hash of a new one, in one transaction. */
export async function replaceHostToken(store: Store, hostName: string, hash: string, source: TokenSource): Promise<HostToken> {
  const [, created] = await store.$transaction([
    store.hostToken.updateMany({ where: { hostName, revokedAt: null }, data: { revokedAt: new Date() } }),
    store.hostToken.create({ data: { hostName, hash, source } }),
  ]);
  return created;
}

export async function revokeHostTokens(store: Store, hostName: string): Promise<number> {
  const { count } = await store.hostToken.updateMany({ where: { hostName, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

export async function markHostTokenUsed(store: Store, id: string): Promise<void> {
  await store.hostToken.update({ where: { id }, data: { lastUsedAt: new Date() } });
}

/** Every host's newest token (active or revoked), for the tokens page. */
export async function findNewestHostTokens(store: Store): Promise<HostToken[]> {
  const newest = await store.hostToken.groupBy({ by: ["hostName"], _max: { createdAt: true } });
  if (newest.length === 0) return [];
  return store.hostToken.findMany({
    where: { OR: newest.map((n) => ({ hostName: n.hostName, createdAt: n._max.createdAt ?? undefined })) },
  });
}
