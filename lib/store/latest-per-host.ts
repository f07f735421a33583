import type { Store } from "./client";
import type { Command, Prisma } from "./generated/client.ts";
import { ROWS_PER_STATEMENT, chunksOf } from "./statement-rows";

/** Each host's most recent command among those `where` selects, by the dashboard's clock (the one requested last). */
export async function findLatestPerHost(store: Store, where: Prisma.CommandWhereInput = {}): Promise<Command[]> {
  const latest = await store.command.groupBy({ by: ["hostName"], where, _max: { createdAt: true } });
  const rows: Command[] = [];
  for (const chunk of chunksOf(latest, ROWS_PER_STATEMENT)) {
    rows.push(...(await store.command.findMany({
      where: { ...where, OR: chunk.map((l) => ({ hostName: l.hostName, createdAt: l._max.createdAt ?? undefined })) },
    })));
  }
  return rows;
}
