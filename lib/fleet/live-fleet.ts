import type { Logger } from "../logger";
import type { HeartbeatMessage, RegisterMessage } from "../protocol/agent";
import type { CommandSummary, FleetTarget, HostPatch, HostView, TestRunSummary } from "../protocol/browser";
import type { Store } from "../store/client";
import type { Generation } from "../protocol/generations";
import type { PreviewSummary } from "../protocol/preview";
import { saveGenerations } from "../store/generations";
import { deleteHost, loadHostViews, saveHostHeartbeats, saveHostViews } from "../store/hosts";
import { DEFAULT_INDICATOR_CONTEXT, HostRegistry } from "./host-registry";
import type { IndicatorContext } from "./indicators";

export interface FleetListener {
  patches(patches: HostPatch[]): void;
  /** `byPeer`: another replica removed it (and told its own listeners). */
  removed(name: string, byPeer: boolean): void;
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
  /** Hosts whose agent is connected to another replica, and which one (empty without replicas). */
  private readonly peerHeld = new Map<string, string>();

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

  /** What a registering agent is told besides its token: the fleet target's repository, to clone. */
  registrationHints(): { fleetRepo?: string } {
    const repo = this.target?.repo;
    return repo ? { fleetRepo: repo } : {};
  }

  /** The fleet target, once fetched (a rollout records its commit). */
  currentTarget(): FleetTarget | null {
    return this.target;
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
    this.peerHeld.delete(message.hostname);
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

  /**
   * Resolves once every host registered so far has its row: a host shows (online) as soon as it
   * registers, a few milliseconds before its row is written, and a command refers to that row.
   */
  async hostsStored(): Promise<void> {
    await this.newHostsWritten;
    await this.persisting;
  }

  setLastCommand(name: string, command: CommandSummary): void {
    this.registry.setLastCommand(name, command);
  }

  setLastTest(name: string, test: TestRunSummary): void {
    this.registry.setLastTest(name, test);
  }

  setLastPreview(name: string, preview: PreviewSummary): void {
    this.registry.setLastPreview(name, preview);
  }

  /**
   * Stores the host's generations (the host page reads them from the store, so the fleet's per-host
   * payload stays small). A host shows as soon as it registers, before its row is written: that
   * write comes first.
   */
  async recordGenerations(name: string, generations: readonly Generation[]): Promise<void> {
    await this.hostsStored();
    await saveGenerations(this.store, name, generations);
  }

  setClockSkew(name: string, clockSkewMs: number): void {
    this.registry.setClockSkew(name, clockSkewMs);
  }

  heartbeat(name: string, message: HeartbeatMessage): void {
    this.peerHeld.delete(name);
    this.registry.heartbeat(name, message.status, Date.now());
  }

  /** The agent's connection to this replica closed; unless it is already connected to a peer, it is offline. */
  disconnect(name: string): void {
    if (this.peerHeld.has(name)) return;
    this.registry.disconnect(name, Date.now());
  }

  async remove(name: string): Promise<boolean> {
    const existed = this.registry.remove(name);
    this.peerHeld.delete(name);
    await deleteHost(this.store, name);
    if (existed) for (const listener of this.listeners) listener.removed(name, false);
    return existed;
  }

  /** The replica holding the host's agent connection, or null when it is this one (or none). */
  heldBy(name: string): string | null {
    return this.peerHeld.get(name) ?? null;
  }

  /**
   * Applies a peer replica's host changes. An agent is connected to one replica at a time, and the
   * latest claim (`online: true`) wins. A change from a replica that does not hold the host is
   * dropped; when this replica holds it, the host's name is returned so the claim is made again.
   */
  applyPeerPatches(from: string, patches: readonly HostPatch[]): string[] {
    const contested: string[] = [];
    for (const { name, changes } of patches) {
      const holder = this.peerHeld.get(name);
      if (changes.online !== true && holder !== from) {
        const heldHere = holder === undefined && this.registry.get(name)?.online === true;
        if (heldHere) contested.push(name);
        if (heldHere || holder !== undefined) continue;
      }
      if (!this.registry.applyPeerChanges(name, changes)) continue;
      if (changes.online === true) this.peerHeld.set(name, from);
      else if (changes.online === false) this.peerHeld.delete(name);
    }
    return contested;
  }

  /** Full patches of the hosts whose agents are connected here: what a new peer needs to know. */
  heldHere(): HostPatch[] {
    return this.registry.snapshot().flatMap((view) =>
      view.online && !this.peerHeld.has(view.name) ? (this.registry.fullPatch(view.name) ?? []) : [],
    );
  }

  fullPatch(name: string): HostPatch | undefined {
    return this.registry.fullPatch(name);
  }

  /** A peer replica stopped: the hosts it held are offline until their agents reconnect. Returns them. */
  peerLost(replica: string): string[] {
    return this.releaseFromPeer(replica, () => true);
  }

  /** The hosts among `released` that `replica` held go offline (their agents left it). Returns them. */
  releaseFromPeer(replica: string, released: (name: string) => boolean): string[] {
    const names = [...this.peerHeld].flatMap(([name, holder]) => (holder === replica && released(name) ? [name] : []));
    for (const name of names) {
      this.peerHeld.delete(name);
      this.registry.disconnect(name, Date.now());
    }
    return names;
  }

  /** A peer removed the host (and deleted its row). */
  forget(name: string): void {
    this.peerHeld.delete(name);
    if (this.registry.remove(name)) for (const listener of this.listeners) listener.removed(name, true);
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
