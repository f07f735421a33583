import type { IncomingMessage, ServerResponse } from "node:http";
import { readSession } from "./session";

const PUBLIC_PREFIXES = ["/api/auth/", "/_next/static/", "/_next/image"];
const PUBLIC_PATHS = new Set(["/login", "/api/health", "/favicon.ico", "/icon.svg"]);

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.has(pathname) || PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

/**
 * Lets a request through to Next.js only with a valid session (or to a public path). Pages
 * redirect to /login, everything else gets a 401 in JSON. Checked here, in front of Next, so no
 * page or route handler can forget it.
 */
export function createRequestGuard(sessionSecrets: readonly string[]) {
  return async function allow(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (isPublicPath(url.pathname)) return true;
    if (await readSession(req.headers.cookie, sessionSecrets)) return true;

    if (url.pathname.startsWith("/api/")) {
      res.writeHead(401, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ error: "not logged in" }));
    } else {
      const callbackUrl = url.pathname + url.search;
      const target = callbackUrl === "/" ? "/login" : `/login?callbackUrl=${encodeURIComponent(callbackUrl)}`;
      res.writeHead(303, { location: target, "cache-control": "no-store" });
      res.end();
    }
    return false;
  };
}
