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

/** The store's own database connection, as Prisma's driver adapter holds it. */
export type StoreConnection = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

interface StoreHandle {
  provider: StoreProvider;
  /** Set when Prisma connects, which openStore makes it do before it returns the store. */
  connection?: StoreConnection;
}

const handles = new WeakMap<object, StoreHandle>();

function handleOf(store: Store, caller: string): StoreHandle {
  const handle = handles.get(store);
  if (!handle) throw new Error(`${caller}: this store was not opened by openStore`);
  return handle;
}

/** Which database a store opened by `openStore` talks to, for the few raw statements that differ. */
export function storeProvider(store: Store): StoreProvider {
  return handleOf(store, "storeProvider").provider;
}

/** The connection Prisma runs the store's statements on (see direct-statements.ts); openStore connects before it returns. */
export function storeConnection(store: Store): StoreConnection {
  const { connection } = handleOf(store, "storeConnection");
  if (!connection) throw new Error("storeConnection: the store has not connected");
  return connection;
}

/** Registers a store and the factory its client connects with, keeping the connection the factory makes. */
function registered<Factory extends { connect(): Promise<StoreConnection> }>(provider: StoreProvider, factory: Factory): { factory: Factory; register(store: object): void } {
  const handle: StoreHandle = { provider };
  const connect = factory.connect.bind(factory);
  factory.connect = async () => (handle.connection = await connect());
  return { factory, register: (store) => handles.set(store, handle) };
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
  const { factory, register } = registered("sqlite", new PrismaBetterSQLite3({ url: databaseUrl }));
  const store = new PrismaClient({ adapter: factory });
  register(store);
  await store.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await store.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  await store.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
  return store;
}

async function openPostgresStore(databaseUrl: string, poolSize: number): Promise<Store> {
  const target = parsePostgresUrl(databaseUrl);
  await checkPostgresReachable(target);
  // The one place the PostgreSQL client stands in for the SQLite one: both are generated from
  // prisma/schema.prisma (npm run db:schemas), so their models and queries are the same; only the
  // provider baked into each differs.
  const { factory, register } = registered("postgresql", createPostgresAdapter(target, poolSize));
  const store = new PostgresPrismaClient({ adapter: factory }) as unknown as Store;
  register(store);
  await store.$connect();
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
