import { RateLimiter, type RateDecision } from "./rate-limiter";
import { ADMIN_USER } from "./session";

export const LOGIN_PATH = "/api/auth/callback/credentials";

/** The HTTP rate limits: login per address and per account, token changes per address. */
export function createRequestLimits() {
  const loginPerIp = new RateLimiter({ limit: 5, windowMs: 60_000 });
  const loginPerAccount = new RateLimiter({ limit: 30, windowMs: 60_000 });
  const tokenChanges = new RateLimiter({ limit: 20, windowMs: 60_000 });

  return function limit(method: string, pathname: string, ip: string): RateDecision & { kind?: "login" | "tokens" } {
    if (method === "POST" && pathname === LOGIN_PATH) {
      const byIp = loginPerIp.hit(ip);
      if (!byIp.allowed) return { ...byIp, kind: "login" };
      return { ...loginPerAccount.hit(ADMIN_USER), kind: "login" };
    }
    if (method !== "GET" && method !== "HEAD" && pathname.startsWith("/api/tokens")) {
      return { ...tokenChanges.hit(ip), kind: "tokens" };
    }
    return { allowed: true };
  };
}
