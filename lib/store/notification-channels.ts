import type { NotificationChannel as ChannelRow } from "./generated/client.ts";
import type { Store } from "./client";

/** A notification channel as stored; `settings` is the JSON of its ChannelSettings (secrets included). */
export type StoredChannel = ChannelRow;

export interface NewChannel {
  id: string;
  name: string;
  kind: string;
  settings: string;
  events: string;
  offlineMinutes: number;
  behindHours: number;
}

export async function createChannel(store: Store, channel: NewChannel): Promise<StoredChannel> {
  return store.notificationChannel.create({ data: channel });
}

export async function listChannels(store: Store): Promise<StoredChannel[]> {
  return store.notificationChannel.findMany({ orderBy: { createdAt: "asc" } });
}

export async function deleteChannel(store: Store, id: string): Promise<number> {
  const { count } = await store.notificationChannel.deleteMany({ where: { id } });
  return count;
}

/** Records how the last delivery went: sent (clears the error) or failed after its retries. */
export async function recordDelivery(store: Store, id: string, outcome: { sentAt: Date } | { error: string; at: Date }): Promise<void> {
  const data = "sentAt" in outcome ? { lastSentAt: outcome.sentAt, lastError: null, lastErrorAt: null } : { lastError: outcome.error, lastErrorAt: outcome.at };
  await store.notificationChannel.updateMany({ where: { id }, data });
}
