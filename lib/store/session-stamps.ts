import type { Store } from "./client";

/** The user's "valid after" stamp (epoch ms), or null when it never logged out. */
export async function readSessionStamp(store: Store, user: string): Promise<number | null> {
  return (await store.sessionStamp.findUnique({ where: { user } }))?.validAfter.getTime() ?? null;
}

export async function writeSessionStamp(store: Store, user: string, validAfter: number): Promise<void> {
  const at = new Date(validAfter);
  await store.sessionStamp.upsert({ where: { user }, create: { user, validAfter: at }, update: { validAfter: at } });
}
