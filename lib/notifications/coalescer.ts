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

/**
 * Gathers events by key for a window that opens with the first: 50 commands failing in the same
 * seconds make one burst of 50, not 50 messages. The window is fixed from the first event, so a
 * steady trickle still goes out every `windowMs`.
 */
export class Coalescer<E> {
  private readonly open = new Map<string, { burst: Burst<E>; timer: unknown }>();

  constructor(
    private readonly windowMs: number,
    private readonly flush: (burst: Burst<E>) => void,
    private readonly timers: Timers = realTimers,
  ) {}

  add(key: string, event: E): void {
    const pending = this.open.get(key);
    if (pending) {
      pending.burst.count += 1;
      if (pending.burst.samples.length < SAMPLES_PER_BURST) pending.burst.samples.push(event);
      return;
    }
    const burst: Burst<E> = { key, count: 1, samples: [event] };
    const timer = this.timers.set(() => {
      this.open.delete(key);
      this.flush(burst);
    }, this.windowMs);
    this.open.set(key, { burst, timer });
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
