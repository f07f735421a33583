import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/client.ts";
import { PrismaClient as PostgresPrismaClient } from "./generated-pg/client.ts";
import { checkPostgresReachable, createPostgresAdapter, isPostgresUrl, parsePostgresUrl } from "./postgres-adapter";

export type Store = PrismaClient;
export type StoreProvider = "sqlite" | "postgresql";

export interface OpenStoreOptions {
  /** PostgreSQL only: the connection pool's size (default 10). */
  poolSize?: number;
}

const providers = new WeakMap<object, StoreProvider>();

/** Which database a store opened by `openStore` talks to, for the few raw statements that differ. */
export function storeProvider(store: Store): StoreProvider {
  const provider = providers.get(store);
  if (!provider) throw new Error("storeProvider: this store was not opened by openStore");
  return provider;
}

/**
 * One Prisma client: the embedded SQLite file for `file:` URLs (WAL, so readers never wait for the
 * batch writer), a pooled PostgreSQL connection for `postgresql://` ones. PostgreSQL is checked with
 * `SELECT 1` here, so a wrong URL fails at start with `cannot reach PostgreSQL at host:port: <reason>`.
 */
export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(databaseUrl)) return openPostgresStore(databaseUrl, options.poolSize ?? 10);
  if (!databaseUrl.startsWith("file:")) {
    throw new Error("DATABASE_URL must be file:… (SQLite) or postgresql://user[:password]@host[:port]/database");
  }
  const store = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl }) });
  await store.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await store.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  await store.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
  providers.set(store, "sqlite");
  return store;
}

async function openPostgresStore(databaseUrl: string, poolSize: number): Promise<Store> {
  const target = parsePostgresUrl(databaseUrl);
  await checkPostgresReachable(target);
  // The one place the PostgreSQL client stands in for the SQLite one: both are generated from
  // prisma/schema.prisma (npm run db:schemas), so their models and queries are the same; only the
  // provider baked into each differs.
  const store = new PostgresPrismaClient({ adapter: createPostgresAdapter(target, poolSize) }) as unknown as Store;
  providers.set(store, "postgresql");
  return store;
}

/** Whether the database answers a trivial query: the health check's question. */
export async function storeReachable(store: Store): Promise<boolean> {
  try {
    await store.$queryRawUnsafe("SELECT 1");
    return true;
  } catch {
    return false;
  }
}
