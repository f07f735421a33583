import type { Namespace } from "socket.io";
import type { PeerTransport } from "./peer-bus";

type Listener = (message: unknown) => void;
interface ServerSideEvents {
  on(event: string, listener: Listener): unknown;
  serverSideEmit(event: string, message: unknown): boolean;
}

/**
 * Peer messages as Socket.IO server-side events of a namespace no client may join: the adapter
 * (PostgreSQL NOTIFY) carries them to every other replica.
 */
export function socketTransport(namespace: Namespace): PeerTransport {
  namespace.use((_socket, next) => next(new Error("this namespace is for dashboard replicas only")));
  const events = namespace as unknown as ServerSideEvents;
  return {
    publish: (event, message) => void events.serverSideEmit(event, message),
    subscribe: (event, listener) => void events.on(event, listener),
  };
}
