import type { IncomingMessage, ServerResponse } from "node:http";
import { bearerToken } from "./api-tokens";
import { checkBodySize, closeAfterAnswer } from "./body-limit";
import type { TrustedProxies } from "./trusted-proxy";
import { CLIENT_IP_HEADER } from "./client-address";
import { createRequestLimits } from "./request-limits";
import { readSession, type SessionCheck } from "./session";

const PUBLIC_PREFIXES = ["/api/auth/", "/_next/static/", "/_next/image"];
const PUBLIC_PATHS = new Set(["/login", "/api/health", "/favicon.ico", "/icon.svg"]);
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.has(pathname) || PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

/**
 * A state-changing request must come from a page of this dashboard: browsers always send Origin
 * on such requests, and a page elsewhere cannot forge it. next-auth's own routes carry its CSRF token.
 * X-Forwarded-Host reaches this point only from a trusted proxy (TrustedProxies.admit drops it otherwise).
 */
export function isSameOriginRequest(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  const host = req.headers["x-forwarded-host"] ?? req.headers.host;
  if (typeof origin !== "string" || typeof host !== "string") return false;
  try {
    return new URL(origin).host === host.split(",")[0]!.trim();
  } catch {
    return false;
  }
}

export interface RequestGuardOptions {
  sessionSecrets: readonly string[];
  proxies: TrustedProxies;
  sessions: SessionCheck;
  onRateLimited?: (kind: string, ip: string) => void;
}

/**
 * Lets a request through to Next.js only with a valid session (or to a public path), and a
 * state-changing one only from this dashboard's own pages. Checked here, in front of Next, so no
 * page or route handler can forget it. Pages redirect to /login; everything else gets JSON.
 */
export function createRequestGuard(options: RequestGuardOptions) {
  const limit = createRequestLimits();
  return async function allow(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const ip = options.proxies.admit(req);
    req.headers[CLIENT_IP_HEADER] = ip;
    const body = checkBodySize(req);
    if (!body.ok) {
      closeAfterAnswer(req, res);
      return refuse(res, body.status, body.error);
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    const isApi = url.pathname.startsWith("/api/");
    // A bearer token goes on to the route, which accepts it only with the scope it declares. Browsers
    // never add an Authorization header by themselves, so such a request cannot be a forged one.
    const withToken = isApi && bearerToken(req.headers.authorization) !== null;
    if (isApi && !withToken && !SAFE_METHODS.has(method) && !url.pathname.startsWith("/api/auth/") && !isSameOriginRequest(req)) {
      return refuse(res, 403, "cross-origin request refused");
    }
    const decision = limit(method, url.pathname, ip);
    if (!decision.allowed) {
      options.onRateLimited?.(decision.kind ?? "request", ip);
      return tooManyRequests(res, decision.retryAfterSeconds);
    }
    if (isPublicPath(url.pathname) || withToken) return true;
    if (await readSession(req.headers.cookie, options.sessionSecrets, options.sessions)) return true;
    if (isApi) return refuse(res, 401, "not logged in");
    const callbackUrl = url.pathname + url.search;
    const target = callbackUrl === "/" ? "/login" : `/login?callbackUrl=${encodeURIComponent(callbackUrl)}`;
    res.writeHead(303, { location: target, "cache-control": "no-store" });
    res.end();
    return false;
  };
}

/** 429 with Retry-After. */
function tooManyRequests(res: ServerResponse, retryAfterSeconds: number): false {
  res.writeHead(429, { "content-type": "application/json", "retry-after": String(retryAfterSeconds), "cache-control": "no-store" });
  res.end(JSON.stringify({ error: `too many attempts: try again in ${retryAfterSeconds} s` }));
  return false;
}

function refuse(res: ServerResponse, status: number, error: string): false {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify({ error }));
  return false;
}
