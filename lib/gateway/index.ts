import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions } from "socket.io";
import { AGENT_NAMESPACE } from "../protocol/agent";
import { BROWSER_NAMESPACE } from "../protocol/browser";
import { attachAgentNamespace, type AgentNamespaceDeps } from "./agent-namespace";
import { attachBrowserNamespace, type BrowserNamespaceDeps } from "./browser-namespace";
import { HandlerQueue } from "./handler-queue";

/** Largest socket message accepted; a bigger one closes the connection before it is parsed. */
export const MAX_MESSAGE_BYTES = 1_000_000;

export type GatewayDeps = AgentNamespaceDeps & BrowserNamespaceDeps;

/** The Socket.IO server, before it serves anything; with replicas, `adapter` links it to its peers. */
export function createSocketServer(adapter?: ServerOptions["adapter"]): Server {
  return new Server({
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    serveClient: false,
    pingInterval: 25_000,
    pingTimeout: 20_000,
    ...(adapter ? { adapter } : {}),
  });
}

export function attachGateway(io: Server, httpServer: HttpServer, deps: GatewayDeps): void {
  // One queue for both sides: agents and browsers take turns in the order their messages arrived.
  const queue = new HandlerQueue();
  attachAgentNamespace(io.of(AGENT_NAMESPACE), deps, queue);
  attachBrowserNamespace(io.of(BROWSER_NAMESPACE), deps, queue);
  io.attach(httpServer);
}
