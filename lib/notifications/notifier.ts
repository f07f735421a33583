import { randomUUID } from "node:crypto";
import type { AuditLog } from "../audit/audit-log";
import type { Logger } from "../logger";
import {
  channelSettingsSchema,
  NOTIFICATION_EVENTS,
  type ChannelCreate,
  type ChannelSettings,
  type ChannelView,
  type NotificationEventKind,
} from "../protocol/notifications";
import { ServiceError } from "../service-error";
import type { Store } from "../store/client";
import { createChannel, deleteChannel, listChannels, recordDelivery, type StoredChannel } from "../store/notification-channels";
import { DEFAULT_RETRY, retryDelay, type RetryPolicy } from "./backoff";
import { channelHears, type ChannelRule } from "./channel-rules";
import { Coalescer, realTimers, type Burst, type Timers } from "./coalescer";
import { deliver as deliverToChannel, describeTarget } from "./delivery";
import { messageOf, type NotificationEvent, type NotificationMessage } from "./events";

interface Channel extends ChannelRule {
  id: string;
  name: string;
  settings: ChannelSettings;
}

export interface NotifierOptions {
  /** Events of one kind less than this apart go out as one message per channel. */
  coalesceMs: number;
  retry: RetryPolicy;
  timers: Timers;
  now: () => number;
  deliver: (settings: ChannelSettings, message: NotificationMessage) => Promise<void>;
}

const DEFAULTS: NotifierOptions = { coalesceMs: 10_000, retry: DEFAULT_RETRY, timers: realTimers, now: Date.now, deliver: deliverToChannel };

/** Conditions that last (a host offline, behind): each channel hears of an episode once. */
const LASTING: ReadonlySet<NotificationEventKind> = new Set(["host.offline", "host.behind"]);

/**
 * Notifications, off the fleet's path: `emit` only files the event with each channel that hears it
 * and returns. A channel's events of one kind are coalesced for a short window, then delivered with
 * retries and capped backoff; the outcome is stored for the settings page. Nothing here waits on a
 * receiver while a command, an agent or a request waits on it.
 */
export class Notifier {
  private channels: Channel[] = [];
  private readonly options: NotifierOptions;
  private readonly coalescer: Coalescer<NotificationEvent>;
  /** For each lasting condition (`kind\tsubject`): its episode, and the channels already told of it. */
  private readonly told = new Map<string, { episode: number; channels: Set<string> }>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly audit: AuditLog,
    options: Partial<NotifierOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.coalescer = new Coalescer(this.options.coalesceMs, (burst) => this.send(burst), this.options.timers, this.options.now);
  }

  async start(): Promise<void> {
    await this.reload();
  }

  /**
   * Files the event; returns at once. The rollouts code calls it when a rollout stops or finishes
   * (`runtime.notifications.emit({ kind: "rollout.finished", subject: id, text, at })`). `episode`
   * tells apart two spells of a lasting condition.
   */
  emit(event: NotificationEvent & { episode?: number }): void {
    for (const channel of this.channels) {
      if (!channelHears(channel, event)) continue;
      if (LASTING.has(event.kind) && !this.firstTelling(channel.id, event)) continue;
      this.coalescer.add(`${channel.id}\t${event.kind}`, event);
    }
  }

  /** The lasting condition is over (the host is back, or on the target): a new spell is told again. */
  conditionEnded(kind: NotificationEventKind, subject: string): void {
    this.told.delete(`${kind}\t${subject}`);
  }

  private firstTelling(channelId: string, event: NotificationEvent & { episode?: number }): boolean {
    const key = `${event.kind}\t${event.subject}`;
    let state = this.told.get(key);
    if (!state || state.episode !== (event.episode ?? 0)) {
      state = { episode: event.episode ?? 0, channels: new Set() };
      this.told.set(key, state);
    }
    if (state.channels.has(channelId)) return false;
    state.channels.add(channelId);
    return true;
  }

  private send(burst: Burst<NotificationEvent>): void {
    const [channelId, kind] = burst.key.split("\t") as [string, NotificationEventKind];
    const channel = this.channels.find((c) => c.id === channelId);
    if (channel) this.track(this.attempt(channel, messageOf(kind, burst.count, burst.samples), 1));
  }

  private track(delivery: Promise<void>): void {
    const tracked = delivery.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** One try; a failure schedules the next one after its backoff, or records the give-up. */
  private async attempt(channel: Channel, message: NotificationMessage, attempt: number): Promise<void> {
    try {
      await this.options.deliver(channel.settings, message);
      this.log.info("notification.sent", { channel: channel.name, kind: message.kind, count: message.count, attempt });
      await recordDelivery(this.store, channel.id, { sentAt: new Date(this.options.now()) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const delay = retryDelay(this.options.retry, attempt + 1);
      this.log.warn("notification.failed", { channel: channel.name, kind: message.kind, attempt, error: reason, retryInMs: delay });
      if (delay === null) {
        await recordDelivery(this.store, channel.id, { error: `${reason} (gave up after ${attempt} attempts)`, at: new Date(this.options.now()) });
      } else {
        this.options.timers.set(() => this.track(this.attempt(channel, message, attempt + 1)), delay);
      }
    }
  }

  /** Waits for the tries under way (not for retries still waiting on their backoff). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  stop(): void {
    this.coalescer.flushAll();
  }

  // ---- The settings page ----

  async list(): Promise<ChannelView[]> {
    return (await listChannels(this.store)).flatMap((row) => {
      const channel = channelOf(row);
      return channel ? [viewOf(row, channel)] : [];
    });
  }

  async create(input: ChannelCreate, actor: string, sourceIp: string): Promise<ChannelView> {
    const row = await createChannel(this.store, {
      id: randomUUID(),
      name: input.name,
      kind: input.settings.kind,
      settings: JSON.stringify(input.settings),
      events: input.events.join(","),
      offlineMinutes: input.offlineMinutes,
      behindHours: input.behindHours,
    });
    await this.audit.record({ actor, action: "settings.notification-save", target: input.name, sourceIp, detail: { kind: input.settings.kind, events: input.events.join(",") } });
    await this.reload();
    return viewOf(row, channelOf(row)!);
  }

  async remove(id: string, actor: string, sourceIp: string): Promise<void> {
    if ((await deleteChannel(this.store, id)) === 0) throw new ServiceError("not-found", "no notification channel with this id");
    await this.audit.record({ actor, action: "settings.notification-delete", target: id, sourceIp });
    await this.reload();
  }

  /** Sends a test message to one channel now, without retries: the settings page shows what happened. */
  async test(id: string): Promise<{ ok: true } | { ok: false; error: string }> {
    const channel = this.channels.find((c) => c.id === id);
    if (!channel) throw new ServiceError("not-found", "no notification channel with this id");
    const message = messageOf("command.failed", 1, [{ kind: "command.failed", subject: "test", text: "A test message from the NixFleet settings page", at: this.options.now() }]);
    try {
      await this.options.deliver(channel.settings, { ...message, title: "NixFleet: test message" });
      await recordDelivery(this.store, id, { sentAt: new Date(this.options.now()) });
      return { ok: true };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await recordDelivery(this.store, id, { error: reason, at: new Date(this.options.now()) });
      return { ok: false, error: reason };
    }
  }

  private async reload(): Promise<void> {
    this.channels = (await listChannels(this.store)).flatMap((row) => {
      const channel = row.enabled ? channelOf(row) : null;
      return channel ? [channel] : [];
    });
  }
}

/** A stored row as a channel, or null when its settings no longer parse (a newer version's, or damaged). */
function channelOf(row: StoredChannel): Channel | null {
  let parsed;
  try {
    parsed = channelSettingsSchema.safeParse(JSON.parse(row.settings));
  } catch {
    return null;
  }
  if (!parsed.success) return null;
  const events = NOTIFICATION_EVENTS.filter((kind) => row.events.split(",").includes(kind));
  return { id: row.id, name: row.name, settings: parsed.data, events, offlineMinutes: row.offlineMinutes, behindHours: row.behindHours };
}

function viewOf(row: StoredChannel, channel: Channel): ChannelView {
  return {
    id: row.id,
    name: row.name,
    kind: channel.settings.kind,
    target: describeTarget(channel.settings),
    events: [...channel.events],
    offlineMinutes: row.offlineMinutes,
    behindHours: row.behindHours,
    lastSentAt: row.lastSentAt?.getTime() ?? null,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt?.getTime() ?? null,
  };
}
