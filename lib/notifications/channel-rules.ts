import type { NotificationEventKind } from "../protocol/notifications";
import type { NotificationEvent } from "./events";

/** What a channel hears: its event kinds and its limits for the lasting conditions. */
export interface ChannelRule {
  events: readonly NotificationEventKind[];
  offlineMinutes: number;
  behindHours: number;
}

/** Whether the channel wants this event: it hears the kind, and a lasting condition has lasted past its limit. */
export function channelHears(rule: ChannelRule, event: NotificationEvent): boolean {
  if (!rule.events.includes(event.kind)) return false;
  if (event.kind === "host.offline") return (event.lastedMs ?? 0) >= rule.offlineMinutes * 60_000;
  if (event.kind === "host.behind") return (event.lastedMs ?? 0) >= rule.behindHours * 3_600_000;
  return true;
}
