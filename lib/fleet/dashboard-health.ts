import type { Logger } from "../logger";
import type { DashboardHealth, StoreCondition } from "../protocol/browser";

export interface DashboardHealthOptions {
  /** A probe write of the store this often; a failure shows on the fleet page within it. */
  probeIntervalMs?: number;
}

/**
 * What the dashboard itself lacks: a store that takes writes, and (with replicas) its peers' voices.
 * The store is probed with a write at an interval and on demand (the health endpoint); listeners
 * (the browsers' gateway) hear each change.
 */
export class DashboardHealthMonitor {
  private health: DashboardHealth = { store: "ok", peersUnheard: false };
  private readonly listeners = new Set<(health: DashboardHealth) => void>();
  private timer: NodeJS.Timeout | undefined;
  private probing: Promise<DashboardHealth> | null = null;
  private readonly probeIntervalMs: number;

  constructor(
    private readonly probeStore: () => Promise<StoreCondition>,
    private readonly log: Logger,
    options: DashboardHealthOptions = {},
  ) {
    this.probeIntervalMs = options.probeIntervalMs ?? 5_000;
  }

  get current(): DashboardHealth {
    return this.health;
  }

  start(): void {
    this.timer = setInterval(() => void this.check(), this.probeIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  subscribe(listener: (health: DashboardHealth) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Probes the store now (one probe at a time: callers meanwhile share it). */
  check(): Promise<DashboardHealth> {
    this.probing ??= this.probeStore()
      .catch((): StoreCondition => "unavailable")
      .then((store) => {
        this.set({ store });
        return this.health;
      })
      .finally(() => {
        this.probing = null;
      });
    return this.probing;
  }

  setPeersUnheard(peersUnheard: boolean): void {
    this.set({ peersUnheard });
  }

  private set(change: Partial<DashboardHealth>): void {
    const next = { ...this.health, ...change };
    if (next.store === this.health.store && next.peersUnheard === this.health.peersUnheard) return;
    if (next.store !== this.health.store) {
      if (next.store === "ok") this.log.info("store.available");
      else this.log.error("store.unavailable", { condition: next.store });
    }
    this.health = next;
    for (const listener of this.listeners) listener(next);
  }
}
