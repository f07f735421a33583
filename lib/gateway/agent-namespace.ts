import type { Namespace } from "socket.io";
import type { AgentAuthenticator } from "../auth/agent-auth";
import { HandshakeLimiter } from "../auth/handshake-limiter";
import type { CommandService } from "../fleet/command-service";
import type { LiveFleet } from "../fleet/live-fleet";
import type { AuditLog } from "../audit/audit-log";
import type { TrustedProxies } from "../http/trusted-proxy";
import type { Logger } from "../logger";
import {
  AUTH_ERRORS,
  agentAuthSchema,
  commandOutputSchema,
  commandResultSchema,
  heartbeatMessageSchema,
  hostTokenStoredSchema,
  registerMessageSchema,
} from "../protocol/agent";
import type { AgentConnections, AgentSocket } from "./agent-connections";
import { handleMessage } from "./handle-message";
import { HandlerQueue } from "./handler-queue";
import { limitMessageRate } from "./message-rate";

export interface AgentNamespaceDeps {
  fleet: LiveFleet;
  commands: CommandService;
  agents: AgentConnections;
  log: Logger;
  authenticator: AgentAuthenticator;
  audit: AuditLog;
  dashboardVersion: string;
  proxies: TrustedProxies;
}

/**
 * The agent waits 30 s for an ack before it sends again (agent/connection.ts, outbox-sender.ts): a
 * message that waited longer than that in the queue is not handled, which under overload keeps the
 * dashboard from working through a backlog of messages nobody waits for any more.
 */
export const AGENT_MESSAGE_STALE_MS = 30_000;

const KNOWN_EVENTS = new Set(["register", "heartbeat", "command:output", "command:result", "host-token:stored"]);
const notRegistered = { ok: false as const, error: "register first" };

/**
 * The agents' side of the gateway: handshake authentication, registration, heartbeats, command output.
 * Handshakes and messages are handled through `queue`, one per turn of the event loop, so that a
 * storm of them cannot starve the ping timers of the agents already connected.
 */
export function attachAgentNamespace(namespace: Namespace, deps: AgentNamespaceDeps, queue = new HandlerQueue()): void {
  const { fleet, commands, agents, log } = deps;

  const failures = new HandshakeLimiter();
  /** Answers a failed handshake: "too many" once this address and host name failed too often. */
  const refuse = (ip: string, hostname: string, error: string, log: () => void) => {
    if (!failures.failed(ip, hostname)) return new Error(AUTH_ERRORS.rateLimited);
    log();
    return new Error(error);
  };

  namespace.use((socket, next) => {
    const ip = deps.proxies.clientAddress(socket.request);
    const auth = agentAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success) {
      const claimed = (socket.handshake.auth as { hostname?: unknown } | undefined)?.hostname;
      const hostname = typeof claimed === "string" ? claimed.slice(0, 253) : "";
      return next(refuse(ip, hostname, AUTH_ERRORS.malformedHandshake, () => log.warn("agent.handshake_malformed", { ip })));
    }
    const { token, hostname } = auth.data;
    queue
      .run(() => {
        // An agent that gave up waiting (and will retry) is not worth a look in the store.
        if (socket.conn.readyState !== "open") return null;
        const online = agents.get(hostname) !== undefined || fleet.get(hostname)?.online === true;
        return deps.authenticator.authenticate(hostname, token, online);
      }, AGENT_MESSAGE_STALE_MS)
      .then((result) => {
        if (!result) return next(new Error("connection closed during the handshake"));
        if (!result.ok) {
          return next(refuse(ip, hostname, AUTH_ERRORS.invalidToken, () => log.warn("agent.auth_refused", { host: hostname, ip, reason: result.reason })));
        }
        socket.data = { hostname, registered: false, tokenId: result.via === "host" ? result.tokenId : null, ip };
        next();
      })
      .catch((error: unknown) => {
        log.error("agent.auth_failed", { host: hostname, error: String(error) });
        next(new Error("internal error"));
      });
  });

  namespace.on("connection", (raw) => {
    const socket = raw as AgentSocket;
    const { hostname } = socket.data;
    const context = {
      log,
      peer: hostname,
      onInvalid: (error: string) => socket.emit("protocol:error", { event: "message", error }),
      queue,
      staleAfterMs: AGENT_MESSAGE_STALE_MS,
    };

    // Tracked from the handshake on, so a revoked token's connection is found even before it registers.
    if (agents.set(hostname, socket)) log.warn("agent.replaced", { host: hostname });

    // Output arrives in batches of up to 500 lines: 50 messages a second is a lot of output.
    limitMessageRate(socket, 50, 200, (event) => log.warn("agent.rate_limited", { host: hostname, event }));

    socket.onAny((event: string, ...args: unknown[]) => {
      if (KNOWN_EVENTS.has(event)) return;
      const error = `unknown event "${event}"`;
      const ack = args[args.length - 1];
      if (typeof ack === "function") (ack as (reply: unknown) => void)({ ok: false, error });
      else socket.emit("protocol:error", { event, error });
    });

    handleMessage(socket, "register", registerMessageSchema, async (message) => {
      if (message.hostname !== hostname) {
        return { ok: false as const, error: `register: host name "${message.hostname}" differs from the handshake's "${hostname}"` };
      }
      if (socket.disconnected) return { ok: false as const, error: "disconnected before registering" };
      socket.data.registered = true;
      await fleet.register(message);
      if (socket.disconnected) {
        if (!agents.get(hostname)) fleet.disconnect(hostname);
        return { ok: false as const, error: "disconnected while registering" };
      }
      await commands.agentRegistered(hostname, message.status);
      log.info("agent.registered", { host: hostname, version: message.agentVersion });
      if (socket.data.tokenId !== null) return { ok: true as const, dashboardVersion: deps.dashboardVersion };
      const issued = await deps.authenticator.issue(hostname, "bootstrap");
      socket.data.tokenId = issued.tokenId;
      await deps.audit.record({ actor: `agent:${hostname}`, action: "token.bootstrap", target: hostname, sourceIp: socket.data.ip });
      return { ok: true as const, dashboardVersion: deps.dashboardVersion, hostToken: issued.token };
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

    handleMessage(socket, "host-token:stored", hostTokenStoredSchema, async () => {
      if (socket.data.tokenId === null) return { ok: false as const, error: "no host token was issued to this connection" };
      await deps.authenticator.confirm(socket.data.tokenId);
      return { ok: true as const };
    }, context);

    // Queued behind the messages that arrived before it, so it is handled after them and in turn.
    socket.on("disconnect", (reason) =>
      void queue.run(() => {
        if (!agents.delete(hostname, socket)) return;
        fleet.disconnect(hostname);
        void commands.agentDisconnected(hostname);
        log.info("agent.disconnected", { host: hostname, reason });
      }),
    );
  });
}
