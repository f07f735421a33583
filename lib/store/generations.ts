import { generationsSchema, type Generation } from "../protocol/generations";
import type { Store } from "./client";

/** Stores the host's generations as its agent reported them (nothing happens for a host without a row). */
export async function saveGenerations(store: Store, hostName: string, generations: readonly Generation[]): Promise<void> {
  await store.host.updateMany({ where: { name: hostName }, data: { generations: JSON.stringify(generations) } });
}

/** The host's generations, newest first; empty when its agent never reported any (or the row is unreadable). */
export async function findGenerations(store: Store, hostName: string): Promise<Generation[]> {
  const row = await store.host.findUnique({ where: { name: hostName }, select: { generations: true } });
  if (!row?.generations) return [];
  try {
    const parsed = generationsSchema.safeParse(JSON.parse(row.generations));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
