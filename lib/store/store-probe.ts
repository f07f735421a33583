import type { StoreCondition } from "../protocol/browser";
import type { Store } from "./client";

/**
 * Whether the store takes a write now: this replica's row of StoreProbe is written. A `SELECT 1`
 * said "ok" through a full disk and a read-only database, while every output batch failed.
 */
export async function probeStoreWrite(store: Store, replica: string): Promise<StoreCondition> {
  const at = new Date();
  try {
    await store.storeProbe.upsert({ where: { replica }, create: { replica, at }, update: { at } });
    return "ok";
  } catch (error) {
    return describeStoreError(error);
  }
}

/** What a failed write says about the store, in SQLite's and PostgreSQL's words. */
export function describeStoreError(error: unknown): Exclude<StoreCondition, "ok"> {
  const message = error instanceof Error ? error.message : String(error);
  if (/disk is full|no space left|could not extend file|SQLITE_FULL/i.test(message)) return "full";
  if (/read-?only/i.test(message)) return "read-only";
  return "unavailable";
}
