import type { NotificationEventKind } from "../protocol/notifications";

/** Something that happened, as the notifier hears it. */
export interface NotificationEvent {
  kind: NotificationEventKind;
  /** The host, or the rollout's id, it is about. */
  subject: string;
  /** One line for people ("switch failed on web-1 (exit 1)"). */
  text: string;
  at: number;
  /** How long the condition has lasted (host.offline, host.behind), in ms: each channel's limit is checked against it. */
  lastedMs?: number;
}

const TITLES: Record<NotificationEventKind, (count: number) => string> = {
  "command.failed": (n) => (n === 1 ? "A command failed" : `${n} commands failed`),
  "command.rolled-back": (n) => (n === 1 ? "A command was rolled back" : `${n} commands were rolled back`),
  "rollout.stopped": (n) => (n === 1 ? "A rollout stopped" : `${n} rollouts stopped`),
  "rollout.finished": (n) => (n === 1 ? "A rollout finished" : `${n} rollouts finished`),
  "host.offline": (n) => (n === 1 ? "A host is offline" : `${n} hosts are offline`),
  "host.behind": (n) => (n === 1 ? "A host is behind the fleet target" : `${n} hosts are behind the fleet target`),
};

/** The message of a burst: a title with the count, and a line per sample (and how many more). */
export interface NotificationMessage {
  kind: NotificationEventKind;
  count: number;
  title: string;
  lines: string[];
  events: NotificationEvent[];
}

export function messageOf(kind: NotificationEventKind, count: number, samples: readonly NotificationEvent[]): NotificationMessage {
  const lines = samples.map((event) => event.text);
  if (count > samples.length) lines.push(`… and ${count - samples.length} more`);
  return { kind, count, title: `NixFleet: ${TITLES[kind](count)}`, lines, events: [...samples] };
}

/** The whole message as plain text: the title, then its lines. */
export function plainText(message: NotificationMessage): string {
  return [message.title, ...message.lines].join("\n");
}
