import type { Prisma } from "./generated/client.ts";
import { storeConnection, storeProvider, type Store, type StoreConnection } from "./client";

type ArgType = Parameters<StoreConnection["executeRaw"]>[0]["argTypes"][number];

/**
 * Runs a write on the store's own connection, past Prisma's client: Prisma hands every raw statement
 * and its values through its query compiler, which cost the dashboard more CPU than SQLite's own
 * work when hundreds of agents' output is stored each second. The statement runs where Prisma's
 * would (the same connection or pool), so it orders with them as theirs do. Returns the rows it
 * changed.
 */
export async function executeDirect(store: Store, sql: Prisma.Sql): Promise<number> {
  const connection = storeConnection(store);
  // Prisma.Sql renders both placeholder styles: `?` for SQLite, `$1` for PostgreSQL.
  const text = storeProvider(store) === "postgresql" ? sql.text : sql.sql;
  return connection.executeRaw({ sql: text, args: sql.values, argTypes: sql.values.map(argTypeOf) });
}

/** How the driver adapters convert a value (as Prisma's own raw statements describe it). */
function argTypeOf(value: unknown): ArgType {
  if (typeof value === "string") return { scalarType: "string", arity: "scalar" };
  if (typeof value === "number") return { scalarType: Number.isInteger(value) ? "int" : "float", arity: "scalar" };
  if (typeof value === "bigint") return { scalarType: "bigint", arity: "scalar" };
  if (typeof value === "boolean") return { scalarType: "boolean", arity: "scalar" };
  if (value instanceof Date) return { scalarType: "datetime", arity: "scalar" };
  return { scalarType: "unknown", arity: "scalar" };
}
