import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/client.ts";

export type Store = PrismaClient;

/** One Prisma client over the embedded SQLite file (WAL, so readers never wait for the batch writer). */
export async function openStore(databaseUrl: string): Promise<Store> {
  if (!databaseUrl.startsWith("file:")) {
    throw new Error("PostgreSQL is not supported by this build yet: unset DATABASE_URL to use SQLite");
  }
  const store = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl }) });
  await store.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await store.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  await store.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
  return store;
}
