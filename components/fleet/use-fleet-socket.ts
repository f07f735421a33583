import { useEffect } from "react";
import { io, type Socket } from "socket.io-client";
import {
  BROWSER_NAMESPACE,
  type BrowserToServerEvents,
  type ServerToBrowserEvents,
} from "@/lib/protocol/browser";
import type { FleetStore } from "@/lib/ui/fleet-store";

type FleetSocket = Socket<ServerToBrowserEvents, BrowserToServerEvents>;

/**
 * Feeds the store from the dashboard's browser namespace: the full list on every (re)connect,
 * then patches. The session cookie authenticates the socket.
 */
export function useFleetSocket(store: FleetStore): void {
  useEffect(() => {
    const socket: FleetSocket = io(BROWSER_NAMESPACE, { withCredentials: true, transports: ["websocket"] });
    // Socket.IO retries by itself unless the server refused us (socket.active is then false).
    const lost = () => store.setConnection(socket.active ? "reconnecting" : "disconnected");

    socket.on("connect", () => store.setConnection("live"));
    socket.on("disconnect", lost);
    socket.on("connect_error", lost);
    socket.on("fleet:snapshot", (hosts) => store.applySnapshot(hosts));
    socket.on("fleet:patches", (patches) => store.applyPatches(patches));
    socket.on("host:removed", (name) => store.removeHost(name));

    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [store]);
}
