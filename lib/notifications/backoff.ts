/** How deliveries are retried: doubling waits from the first, never longer than the cap. */
export interface RetryPolicy {
  attempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, firstDelayMs: 1_000, maxDelayMs: 60_000 };

/** The wait before attempt `attempt` (2 is the first retry), or null when no attempt is left. */
export function retryDelay(policy: RetryPolicy, attempt: number): number | null {
  if (attempt < 2 || attempt > policy.attempts) return null;
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (attempt - 2));
}
