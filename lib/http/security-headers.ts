import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { TLSSocket } from "node:tls";

/** Request header carrying the CSP nonce to server components that render inline scripts. */
export const NONCE_HEADER = "x-nonce";

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React sets style attributes (theme colours); styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Whether the browser reached us over TLS, directly or through a proxy we trust. */
export function isHttps(req: IncomingMessage, behindTrustedProxy: boolean): boolean {
  if (req.socket instanceof TLSSocket) return true;
  return behindTrustedProxy && req.headers["x-forwarded-proto"] === "https";
}

/**
 * Sets the security headers of every response, and hands Next.js the CSP (with a fresh nonce) on
 * the request, which is where it reads the nonce for its own scripts.
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, options: { dev: boolean; https: boolean }): void {
  const nonce = randomBytes(16).toString("base64");
  const csp = contentSecurityPolicy(nonce, options.dev);
  req.headers["content-security-policy"] = csp;
  req.headers[NONCE_HEADER] = nonce;
  res.setHeader("Content-Security-Policy", csp);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (options.https) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}
