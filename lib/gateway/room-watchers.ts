import type { Namespace } from "socket.io";

/**
 * Whether an event for `room` may reach anyone. Socket.IO encodes a broadcast before it looks for the
 * room's sockets, and nobody watches most commands: a bulk run's ten thousand commands each change
 * three times, and a hundred hosts' output streams with one of them on screen. With replicas a
 * watcher may be on a peer, which only the adapter reaches: the event is always sent then.
 */
export function mayHaveWatchers(namespace: Pick<Namespace, "adapter">, replicated: boolean, room: string): boolean {
  return replicated || (namespace.adapter.rooms.get(room)?.size ?? 0) > 0;
}
