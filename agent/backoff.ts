/**
 * Jittered exponential backoff for reconnecting: 1 s doubling to 60 s, "equal jitter" (half the
 * step fixed, half random). The random half spreads a fleet that lost its dashboard at the same
 * moment, so a restart is not met by every agent in the same second; the fixed half keeps an agent
 * whose token is refused from hammering the dashboard.
 */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** Returns a number in [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 1_000;
    this.maxMs = options.maxMs ?? 60_000;
    this.random = options.random ?? Math.random;
  }

  /** The delay before the next attempt; each call doubles the step until it reaches the maximum. */
  next(): number {
    const step = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    return Math.round(step / 2 + this.random() * (step / 2));
  }

  /** After a success: the next failure waits the shortest step again. */
  reset(): void {
    this.attempt = 0;
  }
}
