import { Prisma } from "./generated/client.ts";
import { storeProvider, type Store } from "./client";

/** The column types a VALUES list feeds into (`timestamp(3)` is Prisma's DateTime on PostgreSQL). */
export type ValuesListType = "timestamp(3)" | "integer" | "text";

/**
 * Outside an INSERT, PostgreSQL types the parameters of a VALUES list as text, which it will not
 * assign to a timestamp or integer column: they are cast there. SQLite stores the values as they
 * come; a CAST to a timestamp would turn its ISO text into a number, so it gets none.
 */
export function valuesListTyping(store: Store): (value: Date | number | string | null, type: ValuesListType) => Prisma.Sql {
  if (storeProvider(store) === "sqlite") return (value) => Prisma.sql`${value}`;
  return (value, type) => Prisma.sql`CAST(${value} AS ${Prisma.raw(type)})`;
}
