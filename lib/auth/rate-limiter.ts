export interface RateLimit {
  /** Attempts allowed per window. */
  limit: number;
  windowMs: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts attempts per key in a sliding window (timestamps of the last `limit` attempts). Memory is
 * bounded: idle keys are swept, and at most `maxKeys` are tracked (the oldest are forgotten first).
 */
export class RateLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly rule: RateLimit,
    private readonly maxKeys = 100_000,
  ) {}

  /** Records an attempt for `key` and says whether it is within the limit. */
  hit(key: string, now = Date.now()): RateDecision {
    const decision = this.check(key, now);
    if (!decision.allowed) return decision;
    const recent = this.recent(key, now);
    recent.push(now);
    this.attempts.delete(key);
    this.attempts.set(key, recent);
    if (this.attempts.size > this.maxKeys) this.attempts.delete(this.attempts.keys().next().value!);
    return decision;
  }

  /** Whether an attempt would be allowed now, without recording one. */
  check(key: string, now = Date.now()): RateDecision {
    const recent = this.recent(key, now);
    if (recent.length < this.rule.limit) return { allowed: true };
    const retryAfterMs = recent[0]! + this.rule.windowMs - now;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
  }

  reset(key: string): void {
    this.attempts.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const recent = (this.attempts.get(key) ?? []).filter((t) => now - t < this.rule.windowMs);
    if (recent.length === 0) this.attempts.delete(key);
    return recent;
  }
}
