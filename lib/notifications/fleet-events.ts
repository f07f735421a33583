import type { CommandListener } from "../fleet/command-service";
import type { HostView } from "../protocol/browser";
import type { NotificationEvent } from "./events";
import type { Notifier } from "./notifier";

/** Ended commands remembered, so that one announced twice is told once. */
const REMEMBERED_COMMANDS = 10_000;

/**
 * Tells the notifier of failed and rolled-back commands, from the command service's announcements.
 * "rolled-back" is the state host safety adds; it is matched by name so this works before and after.
 */
export function commandNotifications(notifier: Pick<Notifier, "emit">, now: () => number = Date.now): CommandListener {
  const told = new Set<string>();
  return {
    output: () => undefined,
    changed: (command) => {
      const state: string = command.state;
      const kind = state === "failed" ? "command.failed" : state === "rolled-back" ? "command.rolled-back" : null;
      if (!kind || told.has(command.id)) return;
      told.add(command.id);
      if (told.size > REMEMBERED_COMMANDS) told.delete(told.values().next().value!);
      const exit = command.exitCode === null ? "" : ` (exit ${command.exitCode})`;
      const verb = kind === "command.failed" ? `failed${exit}` : "was rolled back";
      const event: NotificationEvent = { kind, subject: command.hostName, text: `${command.type} ${verb} on ${command.hostName}`, at: now() };
      notifier.emit(event);
    },
  };
}

/**
 * Looks at the fleet every so often for lasting conditions: a host offline (since it was last seen),
 * a host behind the fleet target (since this dashboard first saw it behind). Each check files every
 * such host with how long it has lasted; each channel applies its own limit and hears of a spell once.
 */
export class HostConditionWatcher {
  private readonly behindSince = new Map<string, number>();
  private readonly offline = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly hosts: () => readonly HostView[],
    private readonly notifier: Pick<Notifier, "emit" | "conditionEnded">,
    private readonly now: () => number = Date.now,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  check(): void {
    const now = this.now();
    const seen = new Set<string>();
    for (const host of this.hosts()) {
      seen.add(host.name);
      if (!host.online) {
        this.offline.add(host.name);
        this.notifier.emit({ kind: "host.offline", subject: host.name, text: `${host.name} is offline since ${new Date(host.lastSeenAt).toISOString()}`, at: now, lastedMs: now - host.lastSeenAt, episode: host.lastSeenAt });
      } else if (this.offline.delete(host.name)) {
        this.notifier.conditionEnded("host.offline", host.name);
      }
      const behind = host.indicators.some((indicator) => indicator.letter === "G" && indicator.color === "yellow");
      if (behind) {
        const since = this.behindSince.get(host.name) ?? now;
        this.behindSince.set(host.name, since);
        this.notifier.emit({ kind: "host.behind", subject: host.name, text: `${host.name} is behind the fleet target since ${new Date(since).toISOString()}`, at: now, lastedMs: now - since, episode: since });
      } else if (this.behindSince.delete(host.name)) {
        this.notifier.conditionEnded("host.behind", host.name);
      }
    }
    for (const name of [...this.offline].filter((n) => !seen.has(n))) this.offline.delete(name);
    for (const name of [...this.behindSince.keys()].filter((n) => !seen.has(n))) this.behindSince.delete(name);
  }
}
