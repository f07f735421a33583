import type { Namespace, Socket } from "socket.io";
import { tokensMatch } from "../auth/agent-token";
import type { LiveFleet } from "../fleet/live-fleet";
import type { Logger } from "../logger";
import {
  AUTH_ERRORS,
  agentAuthSchema,
  heartbeatMessageSchema,
  registerMessageSchema,
  type AgentToServerEvents,
  type ServerToAgentEvents,
} from "../protocol/agent";
import { handleMessage } from "./handle-message";

export type AgentSocket = Socket<AgentToServerEvents, ServerToAgentEvents, Record<string, never>, AgentSocketData>;
interface AgentSocketData {
  hostname: string;
  registered: boolean;
}

export interface AgentNamespaceDeps {
  fleet: LiveFleet;
  log: Logger;
  sharedToken: string | null;
  dashboardVersion: string;
}

const KNOWN_EVENTS = new Set(["register", "heartbeat", "command:output", "command:result"]);

/** The agents' side of the gateway: handshake authentication, registration and heartbeats. */
export function attachAgentNamespace(namespace: Namespace, deps: AgentNamespaceDeps): Map<string, AgentSocket> {
  const { fleet, log } = deps;
  const connected = new Map<string, AgentSocket>();

  namespace.use((socket, next) => {
    const auth = agentAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success) return next(new Error(AUTH_ERRORS.malformedHandshake));
    const { token, hostname } = auth.data;
    if (deps.sharedToken === null || !tokensMatch(token, deps.sharedToken)) {
      log.warn("agent.auth_refused", { host: hostname, ip: socket.handshake.address });
      return next(new Error(AUTH_ERRORS.invalidToken));
    }
    socket.data = { hostname, registered: false };
    next();
  });

  namespace.on("connection", (raw) => {
    const socket = raw as AgentSocket;
    const { hostname } = socket.data;
    const context = {
      log,
      peer: hostname,
      onInvalid: (error: string) => socket.emit("protocol:error", { event: "message", error }),
    };

    socket.onAny((event: string) => {
      if (!KNOWN_EVENTS.has(event)) socket.emit("protocol:error", { event, error: `unknown event "${event}"` });
    });

    handleMessage(socket, "register", registerMessageSchema, async (message) => {
      if (message.hostname !== hostname) {
        return { ok: false as const, error: `register: host name "${message.hostname}" differs from the handshake's "${hostname}"` };
      }
      const previous = connected.get(hostname);
      if (previous && previous.id !== socket.id) {
        log.warn("agent.replaced", { host: hostname });
        previous.disconnect(true);
      }
      connected.set(hostname, socket);
      socket.data.registered = true;
      await fleet.register(message);
      if (socket.disconnected) {
        fleet.disconnect(hostname);
        return { ok: false as const, error: "disconnected while registering" };
      }
      log.info("agent.registered", { host: hostname, version: message.agentVersion });
      return { ok: true as const, dashboardVersion: deps.dashboardVersion };
    }, context);

    handleMessage(socket, "heartbeat", heartbeatMessageSchema, (message) => {
      if (!socket.data.registered) return { ok: false as const, error: "heartbeat before register" };
      fleet.heartbeat(hostname, message);
      return { ok: true as const };
    }, context);

    socket.on("disconnect", (reason) => {
      if (connected.get(hostname) !== socket) return;
      connected.delete(hostname);
      fleet.disconnect(hostname);
      log.info("agent.disconnected", { host: hostname, reason });
    });
  });

  return connected;
}
