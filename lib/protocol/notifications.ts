import { z } from "zod";
import { NOTIFICATION_EVENTS, type ChannelKind, type NotificationEventKind } from "./notification-kinds";

export * from "./notification-kinds";

const httpUrl = z.url({ protocol: /^https?$/, error: "url: an http:// or https:// URL" }).max(2_000);

/** What each kind of channel needs; secrets (signing secret, SMTP password) are write-only. */
export const channelSettingsSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("webhook"), url: httpUrl, secret: z.string().min(16, "secret: at least 16 characters").max(256) }),
  z.object({ kind: z.literal("chat"), url: httpUrl }),
  z.object({ kind: z.literal("ntfy"), url: httpUrl, token: z.string().max(256).optional() }),
  z.object({
    kind: z.literal("email"),
    host: z.string().min(1, "host: required").max(253),
    port: z.number().int().min(1).max(65_535),
    secure: z.boolean(),
    user: z.string().max(256).optional(),
    password: z.string().max(256).optional(),
    from: z.email({ error: "from: an e-mail address" }),
    to: z.array(z.email({ error: "to: e-mail addresses" })).min(1, "to: at least one address").max(20),
  }),
]);
export type ChannelSettings = z.infer<typeof channelSettingsSchema>;

/** POST /api/settings/notifications. */
export const channelCreateSchema = z.object({
  name: z.string().trim().min(1, "name: required").max(64),
  settings: channelSettingsSchema,
  events: z.array(z.enum(NOTIFICATION_EVENTS)).min(1, "events: at least one").max(NOTIFICATION_EVENTS.length),
  offlineMinutes: z.number().int().min(1).max(10_080).default(10),
  behindHours: z.number().int().min(1).max(8_760).default(24),
});
export type ChannelCreate = z.infer<typeof channelCreateSchema>;

export const channelParamsSchema = z.object({ id: z.uuid() });

/** A channel as the settings page shows it: where it sends (no secrets), what it hears, how it went. */
export interface ChannelView {
  id: string;
  name: string;
  kind: ChannelKind;
  /** The URL, or the SMTP server and recipients, without secrets. */
  target: string;
  events: NotificationEventKind[];
  offlineMinutes: number;
  behindHours: number;
  lastSentAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
}

export interface ChannelList {
  channels: ChannelView[];
}
