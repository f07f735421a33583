import type { Server } from "node:http";

/**
 * Next.js listens for WebSocket upgrades on the server of the first request it handles and resolves
 * its routes for each one, although only its dev server's hot reload is ever upgraded: in a reconnect
 * storm that was every agent's connection, a few percent of the dashboard's CPU for nothing. Next
 * gets a server of its own that never listens (its `httpServer` option), and only the upgrades
 * outside Socket.IO's path are handed to it.
 */
export function forwardUpgrades(httpServer: Server, forNext: Server, socketIoPath: string): void {
  const ours = `${socketIoPath.replace(/\/$/, "")}/`;
  httpServer.on("upgrade", (req, socket, head) => {
    if (!req.url?.startsWith(ours)) forNext.emit("upgrade", req, socket, head);
  });
}
