type Listener = () => void;

/**
 * One timer for every ticking time on the page: a thousand "last seen" labels share a single
 * interval, and the timer runs only while something listens.
 */
export class SharedClock {
  private readonly listeners = new Set<Listener>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private current: number;

  constructor(
    private readonly intervalMs = 1_000,
    private readonly readTime: () => number = Date.now,
  ) {
    this.current = readTime();
  }

  /**
   * The time of the last tick, so every label rendered in one tick agrees; read afresh while the
   * clock is stopped, so the first label to mount is not stale.
   */
  now = (): number => (this.timer === null ? this.readTime() : this.current);

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    if (this.timer === null) {
      this.current = this.readTime();
      this.timer = setInterval(this.tick, this.intervalMs);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  };

  get running(): boolean {
    return this.timer !== null;
  }

  private tick = (): void => {
    this.current = this.readTime();
    for (const listener of this.listeners) listener();
  };
}

export const sharedClock = new SharedClock();
