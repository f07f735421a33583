import type { ApiToken as ApiTokenRow } from "./generated/client.ts";
import type { Store } from "./client";

/** An API token as stored: its hash, never the token. */
export interface StoredApiToken {
  id: string;
  name: string;
  scopes: string[];
  hash: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewApiToken {
  id: string;
  name: string;
  scopes: readonly string[];
  hash: string;
  createdBy: string;
}

const asApiToken = (row: ApiTokenRow): StoredApiToken => ({ ...row, scopes: row.scopes.split(",").filter(Boolean) });

export async function createApiToken(store: Store, token: NewApiToken): Promise<StoredApiToken> {
  return asApiToken(await store.apiToken.create({ data: { ...token, scopes: token.scopes.join(",") } }));
}

/** The active token with this hash, or null (unknown or revoked). */
export async function findActiveApiToken(store: Store, hash: string): Promise<StoredApiToken | null> {
  const row = await store.apiToken.findFirst({ where: { hash, revokedAt: null } });
  return row && asApiToken(row);
}

/** Every token, newest first, revoked ones included (the page shows when they were revoked). */
export async function listApiTokens(store: Store): Promise<StoredApiToken[]> {
  return (await store.apiToken.findMany({ orderBy: { createdAt: "desc" } })).map(asApiToken);
}

/** Revokes the token; the number of tokens revoked (0 when unknown or already revoked). */
export async function revokeApiToken(store: Store, id: string): Promise<number> {
  const { count } = await store.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

export async function markApiTokenUsed(store: Store, id: string, at: Date): Promise<void> {
  await store.apiToken.update({ where: { id }, data: { lastUsedAt: at } });
}
