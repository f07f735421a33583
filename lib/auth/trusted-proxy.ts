import type { IncomingMessage } from "node:http";
import { clientAddress } from "./client-address";

/** Headers a reverse proxy sets about the client; from anyone else they are lies, and are dropped. */
const FORWARDED_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

/**
 * The one place that decides whether a request's forwarded headers are believed: only when its TCP
 * peer is a proxy listed in NIXFLEET_TRUSTED_PROXIES. Every request (HTTP, and every Socket.IO
 * handshake) passes through `admit` first, so what runs after it (the guard, next-auth's idea of its
 * own host, the same-origin checks, rate limits and the audit log) sees only believable headers.
 */
export class TrustedProxies {
  private readonly addresses: ReadonlySet<string>;

  constructor(addresses: readonly string[]) {
    this.addresses = new Set(addresses);
  }

  isTrustedPeer(req: IncomingMessage): boolean {
    return this.addresses.has(normalize(req.socket.remoteAddress ?? ""));
  }

  /** Drops forwarded headers unless the peer is a trusted proxy; returns the client's address. */
  admit(req: IncomingMessage): string {
    if (!this.isTrustedPeer(req)) for (const name of FORWARDED_HEADERS) delete req.headers[name];
    return clientAddress(req, this.addresses);
  }

  /** The client's address (the last X-Forwarded-For entry from a trusted proxy, else the peer). */
  clientAddress(req: IncomingMessage): string {
    return clientAddress(req, this.addresses);
  }
}

function normalize(address: string): string {
  return address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
}
