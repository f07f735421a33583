import { RateLimiter } from "./rate-limiter";

/** Failed agent handshakes per address and host name and minute, before failures are answered "too many". */
export const AGENT_AUTH_FAILURES_PER_MINUTE = 10;

/**
 * Counts failed agent handshakes, keyed on the client address (through the trusted-proxy rules)
 * and the host name asked for. It never refuses anything itself: every handshake's token is checked
 * first, so a valid token always gets in whoever fails next to it (behind the same proxy or NAT).
 * Past the limit a failure is answered "too many failed attempts" (the agent backs off for longer)
 * and is no longer logged one by one.
 */
export class HandshakeLimiter {
  private readonly failures: RateLimiter;

  constructor(limit = AGENT_AUTH_FAILURES_PER_MINUTE, windowMs = 60_000) {
    this.failures = new RateLimiter({ limit, windowMs });
  }

  /** Records a failure; false once this address and host name have failed too often. */
  failed(address: string, hostname: string, now = Date.now()): boolean {
    return this.failures.hit(`${address}\n${hostname}`, now).allowed;
  }
}
