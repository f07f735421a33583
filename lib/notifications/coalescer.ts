/** A burst of events of one kind, sent as one message: the count, and the first few for detail. */
export interface Burst<E> {
  key: string;
  count: number;
  samples: E[];
}

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Events kept for a burst's detail; the rest only count. */
export const SAMPLES_PER_BURST = 10;

/** A burst goes out at the latest this many quiet windows after its first event, however it goes on. */
export const MAX_WINDOWS_PER_BURST = 6;

/**
 * Gathers events by key until `quietMs` pass without another: 50 commands failing within seconds
 * of each other make one burst of 50, not 50 messages, however long the 50 take to arrive on a busy
 * dashboard. A burst that never quiets down still goes out `MAX_WINDOWS_PER_BURST` windows after its
 * first event, so a steady trickle is told regularly.
 */
export class Coalescer<E> {
  private readonly open = new Map<string, { burst: Burst<E>; timer: unknown; deadline: number }>();

  constructor(
    private readonly quietMs: number,
    private readonly flush: (burst: Burst<E>) => void,
    private readonly timers: Timers = realTimers,
    private readonly now: () => number = Date.now,
  ) {}

  add(key: string, event: E): void {
    const pending = this.open.get(key);
    if (pending) {
      pending.burst.count += 1;
      if (pending.burst.samples.length < SAMPLES_PER_BURST) pending.burst.samples.push(event);
      this.timers.clear(pending.timer);
      pending.timer = this.schedule(key, Math.min(this.quietMs, pending.deadline - this.now()));
      return;
    }
    const burst: Burst<E> = { key, count: 1, samples: [event] };
    this.open.set(key, { burst, timer: this.schedule(key, this.quietMs), deadline: this.now() + this.quietMs * MAX_WINDOWS_PER_BURST });
  }

  private schedule(key: string, ms: number): unknown {
    return this.timers.set(() => {
      const pending = this.open.get(key);
      if (!pending) return;
      this.open.delete(key);
      this.flush(pending.burst);
    }, Math.max(0, ms));
  }

  /** Sends what is gathered now (at shutdown). */
  flushAll(): void {
    for (const [key, { burst, timer }] of this.open) {
      this.timers.clear(timer);
      this.open.delete(key);
      this.flush(burst);
    }
  }
}
