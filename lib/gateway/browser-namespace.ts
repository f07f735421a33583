import type { IncomingHttpHeaders } from "node:http";
import type { Namespace, Socket } from "socket.io";
import { readSession } from "../auth/session";
import type { LiveFleet } from "../fleet/live-fleet";
import type { Logger } from "../logger";
import type { BrowserToServerEvents, ServerToBrowserEvents } from "../protocol/browser";

export type BrowserSocket = Socket<BrowserToServerEvents, ServerToBrowserEvents>;

export interface BrowserNamespaceDeps {
  fleet: LiveFleet;
  log: Logger;
  sessionSecrets: readonly string[];
}

const FLEET_ROOM = "fleet";

/**
 * A browser's Origin must be this dashboard's own: the session cookie alone would let any page the
 * user visits open a socket in their name.
 */
export function isSameOrigin(headers: IncomingHttpHeaders): boolean {
  const origin = headers.origin;
  const host = headers["x-forwarded-host"] ?? headers.host;
  if (typeof origin !== "string" || typeof host !== "string") return false;
  try {
    return new URL(origin).host === host.split(",")[0]!.trim();
  } catch {
    return false;
  }
}

/** The browsers' side of the gateway: a snapshot on connect, then coalesced patches. */
export function attachBrowserNamespace(namespace: Namespace, deps: BrowserNamespaceDeps): void {
  const { fleet, log } = deps;

  namespace.use((socket, next) => {
    if (!isSameOrigin(socket.handshake.headers)) {
      log.warn("browser.origin_refused", { origin: String(socket.handshake.headers.origin) });
      return next(new Error("origin not allowed"));
    }
    readSession(socket.handshake.headers.cookie, deps.sessionSecrets)
      .then((session) => (session ? next() : next(new Error("not logged in"))))
      .catch(() => next(new Error("not logged in")));
  });

  namespace.on("connection", (raw) => {
    const socket = raw as BrowserSocket;
    void socket.join(FLEET_ROOM);
    socket.emit("fleet:snapshot", fleet.snapshot());
  });

  fleet.subscribe({
    patches: (patches) => namespace.to(FLEET_ROOM).emit("fleet:patches", patches),
    removed: (name) => namespace.to(FLEET_ROOM).emit("host:removed", name),
  });
}
