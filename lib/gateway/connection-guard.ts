import type { IncomingMessage } from "node:http";
import { ConnectionLimit } from "../http/connection-limit";
import type { TrustedProxies } from "../http/trusted-proxy";

interface EngineSocket {
  request: IncomingMessage;
  close(): void;
  once(event: "close", listener: () => void): unknown;
}
interface Engine {
  on(event: "connection", listener: (socket: EngineSocket) => void): unknown;
}

/**
 * What every Socket.IO handshake passes before anything else: the trusted-proxy rules (forwarded
 * headers dropped unless a trusted proxy sent them) and a cap on open connections per client address.
 */
export function connectionGuard(proxies: TrustedProxies, connectionsPerAddress: number) {
  const limit = new ConnectionLimit(connectionsPerAddress);
  return {
    allowRequest(req: IncomingMessage, callback: (error: string | null | undefined, allowed: boolean) => void): void {
      const ip = proxies.admit(req);
      if (limit.isFull(ip)) callback("too many connections from this address", false);
      else callback(null, true);
    },
    /** Counts each connection from its start to its close, whichever namespace it joins (if any). */
    watch(engine: Engine): void {
      engine.on("connection", (socket) => {
        const release = limit.acquire(proxies.clientAddress(socket.request));
        if (release) socket.once("close", release);
        else socket.close();
      });
    },
  };
}
