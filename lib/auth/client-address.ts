import type { IncomingMessage } from "node:http";

/** Set by the server on every request it hands to Next.js; a value sent by the client is replaced. */
export const CLIENT_IP_HEADER = "x-nixfleet-client-ip";

/**
 * The address a request came from. X-Forwarded-For is believed only when the direct peer is a
 * proxy the operator named in NIXFLEET_TRUSTED_PROXIES (by default: none), and then only its
 * last entry, the one that proxy itself added.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
  const peer = normalize(req.socket.remoteAddress ?? "");
  const forwarded = req.headers["x-forwarded-for"];
  if (!trustedProxies.has(peer) || typeof forwarded !== "string") return peer;
  const last = forwarded.split(",").map((part) => part.trim()).filter(Boolean).pop();
  return last ? normalize(last) : peer;
}

function normalize(address: string): string {
  return address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
}
