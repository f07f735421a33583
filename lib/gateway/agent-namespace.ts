import type { Namespace } from "socket.io";
import { tokensMatch } from "../auth/agent-token";
import type { CommandService } from "../fleet/command-service";
import type { LiveFleet } from "../fleet/live-fleet";
import type { Logger } from "../logger";
import {
  AUTH_ERRORS,
  agentAuthSchema,
  commandOutputSchema,
  commandResultSchema,
  heartbeatMessageSchema,
  registerMessageSchema,
} from "../protocol/agent";
import type { AgentConnections, AgentSocket } from "./agent-connections";
import { handleMessage } from "./handle-message";

export interface AgentNamespaceDeps {
  fleet: LiveFleet;
  commands: CommandService;
  agents: AgentConnections;
  log: Logger;
  sharedToken: string | null;
  dashboardVersion: string;
}

const KNOWN_EVENTS = new Set(["register", "heartbeat", "command:output", "command:result"]);
const notRegistered = { ok: false as const, error: "register first" };

/** The agents' side of the gateway: handshake authentication, registration, heartbeats, command output. */
export function attachAgentNamespace(namespace: Namespace, deps: AgentNamespaceDeps): void {
  const { fleet, commands, agents, log } = deps;

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
      if (agents.set(hostname, socket)) log.warn("agent.replaced", { host: hostname });
      socket.data.registered = true;
      await fleet.register(message);
      if (socket.disconnected) {
        if (!agents.get(hostname)) fleet.disconnect(hostname);
        return { ok: false as const, error: "disconnected while registering" };
      }
      await commands.agentRegistered(hostname, message.status);
      log.info("agent.registered", { host: hostname, version: message.agentVersion });
      return { ok: true as const, dashboardVersion: deps.dashboardVersion };
    }, context);

    handleMessage(socket, "heartbeat", heartbeatMessageSchema, (message) => {
      if (!socket.data.registered) return notRegistered;
      fleet.heartbeat(hostname, message);
      return { ok: true as const };
    }, context);

    handleMessage(socket, "command:output", commandOutputSchema, (message) =>
      socket.data.registered ? commands.receiveOutput(hostname, message) : notRegistered, context);

    handleMessage(socket, "command:result", commandResultSchema, (message) =>
      socket.data.registered ? commands.receiveResult(hostname, message) : notRegistered, context);

    socket.on("disconnect", (reason) => {
      if (!agents.delete(hostname, socket)) return;
      fleet.disconnect(hostname);
      void commands.agentDisconnected(hostname);
      log.info("agent.disconnected", { host: hostname, reason });
    });
  });
}
