import { RateLimiter, type RateDecision } from "./rate-limiter";

/**
 * The HTTP rate limits by path: token changes (host and API tokens) per address. (Logins are limited where the password
 * is checked, lib/auth/login-throttle.ts, not here: a path can be spelled in many ways.)
 */
export function createRequestLimits() {
  const tokenChanges = new RateLimiter({ limit: 20, windowMs: 60_000 });

  return function limit(method: string, pathname: string, ip: string): RateDecision & { kind?: "tokens" } {
    if (method !== "GET" && method !== "HEAD" && (pathname.startsWith("/api/tokens") || pathname.startsWith("/api/api-tokens"))) {
      return { ...tokenChanges.hit(ip), kind: "tokens" };
    }
    return { allowed: true };
  };
}
