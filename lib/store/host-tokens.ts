import { randomUUID } from "node:crypto";
import { Prisma, type HostToken as HostTokenRow } from "./generated/client.ts";
import type { Store } from "./client";
import { executeDirect } from "./direct-statements";
import { ROWS_PER_STATEMENT, chunksOf } from "./statement-rows";

export type TokenSource = "bootstrap" | "manual";

/** A host token as stored: only its hash, never the token itself. */
export interface HostToken {
  id: string;
  hostName: string;
  hash: string;
  source: TokenSource;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

// The source column holds only what replaceHostTokens wrote: a TokenSource.
const asHostToken = (row: HostTokenRow): HostToken => ({ ...row, source: row.source as TokenSource });

export interface NewHostToken {
  hostName: string;
  hash: string;
  source: TokenSource;
}

/**
 * Rows per token insert: seven values a row. Raw statements are held to the databases' limits on
 * bound values (32,766 on SQLite), not to Prisma's 999.
 */
const TOKENS_PER_INSERT = 1_000;

/**
 * Each host's newest token, revoked or not (whether the host ever had a token of its own), for many
 * hosts in a few statements. Hosts without one are absent from the map. This and the other writes
 * of a reconnect storm are raw statements: a Prisma model query cost several times as much CPU,
 * and was most of the dashboard's own work per registration.
 */
export async function findNewestHostTokensOf(store: Store, hostNames: readonly string[]): Promise<Map<string, HostToken>> {
  const newest = new Map<string, HostToken>();
  for (const chunk of chunksOf([...new Set(hostNames)], ROWS_PER_STATEMENT)) {
    const rows = await store.$queryRaw<HostTokenRow[]>`SELECT * FROM "HostToken" WHERE "hostName" IN (${Prisma.join(chunk)}) ORDER BY "createdAt" ASC`;
    for (const row of rows) newest.set(row.hostName, asHostToken(row));
  }
  return newest;
}

/**
 * Revokes each host's active token(s) and stores the hash of a new one, a transaction per chunk of
 * hosts. A host named twice gets both, one after the other: the later one stays active.
 */
export async function replaceHostTokens(store: Store, tokens: readonly NewHostToken[]): Promise<HostToken[]> {
  const rows: HostToken[] = tokens.map((token) => ({
    ...token, id: randomUUID(), createdAt: new Date(), lastUsedAt: null, revokedAt: null,
  }));
  for (const round of distinctHostRounds(rows)) {
    for (const chunk of chunksOf(round, TOKENS_PER_INSERT)) {
      const revokedAt = new Date();
      const values = chunk.map((row) => Prisma.sql`(${row.id}, ${row.hostName}, ${row.hash}, ${row.source}, ${row.createdAt}, ${null}, ${null})`);
      await store.$transaction([
        store.$executeRaw`UPDATE "HostToken" SET "revokedAt" = ${revokedAt} WHERE "hostName" IN (${Prisma.join(chunk.map((row) => row.hostName))}) AND "revokedAt" IS NULL`,
        store.$executeRaw`INSERT INTO "HostToken" ("id", "hostName", "hash", "source", "createdAt", "lastUsedAt", "revokedAt") VALUES ${Prisma.join(values)}`,
      ]);
    }
  }
  return rows;
}

/** The rows in rounds in which no host appears twice, keeping each host's order. */
function distinctHostRounds(rows: readonly HostToken[]): HostToken[][] {
  const rounds: HostToken[][] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const round = seen.get(row.hostName) ?? 0;
    seen.set(row.hostName, round + 1);
    (rounds[round] ??= []).push(row);
  }
  return rounds;
}

export async function markHostTokensUsed(store: Store, ids: readonly string[]): Promise<void> {
  const lastUsedAt = new Date();
  for (const chunk of chunksOf(ids, ROWS_PER_STATEMENT)) {
    await executeDirect(store, Prisma.sql`UPDATE "HostToken" SET "lastUsedAt" = ${lastUsedAt} WHERE "id" IN (${Prisma.join(chunk)})`);
  }
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
  const rows: HostToken[] = [];
  for (const chunk of chunksOf(newest, ROWS_PER_STATEMENT)) {
    rows.push(...(await store.hostToken.findMany({
      where: { OR: chunk.map((n) => ({ hostName: n.hostName, createdAt: n._max.createdAt ?? undefined })) },
    })).map(asHostToken));
  }
  return rows;
}
