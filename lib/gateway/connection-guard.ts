import type { IncomingMessage } from "node:http";
import { ConnectionLimit } from "../auth/connection-limit";
import type { TrustedProxies } from "../auth/trusted-proxy";

/**
 * What every Socket.IO handshake passes before anything else: the trusted-proxy rules (forwarded
 * headers dropped unless a trusted proxy sent them) and a cap on open connections per client
 * address. A slot is taken when the handshake is allowed (so handshakes arriving together are
 * counted together) and given back when its TCP connection closes, whatever became of it.
 */
export function connectionGuard(proxies: TrustedProxies, connectionsPerAddress: number) {
  const limit = new ConnectionLimit(connectionsPerAddress);
  return function allowRequest(req: IncomingMessage, callback: (error: string | null | undefined, allowed: boolean) => void): void {
    const release = limit.acquire(proxies.admit(req));
    if (!release) return callback("too many connections from this address", false);
    req.socket.once("close", release);
    callback(null, true);
  };
}
