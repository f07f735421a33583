/* Plain values, free of zod, so pages can import them without the schemas. */

/**
 * Notifications: what the dashboard tells people elsewhere (a webhook, a chat, ntfy, e-mail) when
 * something happens in the fleet. The settings page and the API meet here.
 */
export const NOTIFICATION_EVENTS = ["command.failed", "command.rolled-back", "rollout.stopped", "rollout.finished", "host.offline", "host.behind"] as const;
export type NotificationEventKind = (typeof NOTIFICATION_EVENTS)[number];

export const NOTIFICATION_EVENT_LABELS: Record<NotificationEventKind, string> = {
  "command.failed": "a command failed",
  "command.rolled-back": "a command was rolled back",
  "rollout.stopped": "a rollout stopped",
  "rollout.finished": "a rollout finished",
  "host.offline": "a host is offline for longer than the limit",
  "host.behind": "a host is behind the fleet target for longer than the limit",
};

export const CHANNEL_KINDS = ["webhook", "chat", "ntfy", "email"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = {
  webhook: "Webhook (JSON, signed with HMAC-SHA256)",
  chat: "Slack, Discord or Mattermost webhook",
  ntfy: "ntfy topic",
  email: "E-mail (SMTP)",
};
