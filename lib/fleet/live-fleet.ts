import type { Logger } from "../logger";
import type { HeartbeatMessage, RegisterMessage } from "../protocol/agent";
import type { CommandSummary, FleetTarget, HostPatch, HostView, TestRunSummary } from "../protocol/browser";
import type { Store } from "../store/client";
import { deleteHost, loadHostViews, saveHostHeartbeats, saveHostViews } from "../store/hosts";
import { DEFAULT_INDICATOR_CONTEXT, HostRegistry } from "./host-registry";
import type { IndicatorContext } from "./indicators";

export interface FleetListener {
  patches(patches: HostPatch[]): void;
  removed(name: string): void;
}

export interface LiveFleetOptions {
  dashboardVersion?: string;
  lockGreenDays?: number;
  lockYellowDays?: number;
  /** How long changes are coalesced before browsers get them. */
  patchIntervalMs?: number;
  /** How long changes are coalesced before the store gets them. */
  persistIntervalMs?: number;
  /** How often hosts that only heartbeated (last seen, uptime) are written. */
  heartbeatPersistIntervalMs?: number;
}

/** New hosts registered within this window are written to the store together. */
const NEW_HOST_WRITE_WINDOW_MS = 50;

/** The registry plus its two clocks: patches to browsers, batches to the store. */
export class LiveFleet {
  private readonly registry: HostRegistry;
  private target: FleetTarget | null = null;
  private readonly listeners = new Set<FleetListener>();
  private timers: NodeJS.Timeout[] = [];
  private persisting: Promise<void> = Promise.resolve();
  private newHostsWritten: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly options: LiveFleetOptions = {},
  ) {
    this.registry = new HostRegistry(this.indicatorContext());
  }

  private indicatorContext(): IndicatorContext {
    return {
      target: this.target,
      dashboardVersion: this.options.dashboardVersion ?? DEFAULT_INDICATOR_CONTEXT.dashboardVersion,
      now: Date.now(),
      lockGreenDays: this.options.lockGreenDays ?? DEFAULT_INDICATOR_CONTEXT.lockGreenDays,
      lockYellowDays: this.options.lockYellowDays ?? DEFAULT_INDICATOR_CONTEXT.lockYellowDays,
    };
  }

  /** A new fleet target changes G and L of every host. */
  setTarget(target: FleetTarget | null): void {
    this.target = target;
    this.registry.setIndicatorContext(this.indicatorContext());
  }

  async start(): Promise<void> {
    this.registry.load(await loadHostViews(this.store));
    this.timers = [
      setInterval(() => this.publishPatches(), this.options.patchIntervalMs ?? 100),
      setInterval(() => void this.persist(false), this.options.persistIntervalMs ?? 5_000),
      setInterval(() => void this.persist(true), this.options.heartbeatPersistIntervalMs ?? 60_000),
      // flake.lock ages count in days: the clock of L only needs to move now and then.
      setInterval(() => this.registry.setIndicatorContext(this.indicatorContext()), 3_600_000),
    ];
    for (const timer of this.timers) timer.unref();
  }

  subscribe(listener: FleetListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): HostView[] {
    return this.registry.snapshot();
  }

  get(name: string): HostView | undefined {
    return this.registry.get(name);
  }

  /**
   * A new host is stored before this resolves, so commands and tokens can refer to it. The new
   * hosts of a short window are written with one statement: a reconnect storm registers thousands,
   * and one upsert each was a third of the dashboard's work per registration.
   */
  async register(message: RegisterMessage): Promise<void> {
    const isNew = this.registry.register(message, Date.now());
    if (isNew) await this.persistNewHosts();
  }

  private persistNewHosts(): Promise<void> {
    this.newHostsWritten ??= new Promise((resolve) => setTimeout(resolve, NEW_HOST_WRITE_WINDOW_MS)).then(() => {
      this.newHostsWritten = null;
      return this.persist(false);
    });
    return this.newHostsWritten;
  }

  setLastCommand(name: string, command: CommandSummary): void {
    this.registry.setLastCommand(name, command);
  }

  setLastTest(name: string, test: TestRunSummary): void {
    this.registry.setLastTest(name, test);
  }

  heartbeat(name: string, message: HeartbeatMessage): void {
    this.registry.heartbeat(name, message.status, Date.now());
  }

  disconnect(name: string): void {
    this.registry.disconnect(name, Date.now());
  }

  async remove(name: string): Promise<boolean> {
    const existed = this.registry.remove(name);
    await deleteHost(this.store, name);
    if (existed) for (const listener of this.listeners) listener.removed(name);
    return existed;
  }

  /** Sends what is pending and writes what is dirty; used on shutdown. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.publishPatches();
    await this.persist();
  }

  private publishPatches(): void {
    const patches = this.registry.takePatches();
    if (patches.length === 0) return;
    for (const listener of this.listeners) listener.patches(patches);
  }

  /**
   * Batches are written one after another so a slow write never overlaps the next. Hosts that only
   * heartbeated get only their clock written (`includeHeartbeats`, once a minute and on stop).
   */
  persist(includeHeartbeats = true): Promise<void> {
    this.persisting = this.persisting.then(async () => {
      const dirty = this.registry.takeDirty(false);
      const beats = includeHeartbeats ? this.registry.takeHeartbeatOnly() : [];
      if (dirty.length === 0 && beats.length === 0) return;
      try {
        await saveHostViews(this.store, dirty);
        await saveHostHeartbeats(this.store, beats);
      } catch (error) {
        this.log.error("store.persist_failed", { hosts: dirty.length + beats.length, error: String(error) });
        this.registry.markDirty([...dirty, ...beats].map((view) => view.name));
      }
    });
    return this.persisting;
  }
}
