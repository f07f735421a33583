import type { Store } from "./client";

/** The characters of output stored for a command. */
export async function measureOutput(store: Store, commandId: string): Promise<number> {
  const rows = await store.$queryRaw<{ size: number | bigint | null }[]>`
    SELECT SUM("chars") AS size FROM "CommandOutputChunk" WHERE "commandId" = ${commandId}`;
  return Number(rows[0]?.size ?? 0);
}
