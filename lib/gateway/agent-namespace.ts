import type { Namespace } from "socket.io";
import type { AgentAuthenticator } from "../auth/agent-auth";
import { HandshakeLimiter } from "../auth/handshake-limiter";
import type { AgentSessions } from "../fleet/agent-sessions";
import type { CommandService } from "../fleet/command-service";
import type { LiveFleet } from "../fleet/live-fleet";
import type { TrustedProxies } from "../auth/trusted-proxy";
import type { Logger } from "../logger";
import {
  AUTH_ERRORS,
  agentAuthSchema,
  agentMessageSchemas,
  confirmMessageSchemas,
  type AgentToServerEvents,
  type ConfirmToServerEvents,
} from "../protocol/agent";
import type { AgentMessageContext } from "./agent/context";
import { agentMessageHandlers, confirmMessageHandlers } from "./agent/handlers";
import type { AgentConnections, AgentSocket } from "./agent-connections";
import { handleMessages, refuseUnknownEvents } from "./handle-message";
import { HandlerQueue } from "./handler-queue";
import { limitMessageRate } from "./message-rate";

export interface AgentNamespaceDeps {
  fleet: LiveFleet;
  commands: CommandService;
  agents: AgentConnections;
  log: Logger;
  authenticator: AgentAuthenticator;
  sessions: AgentSessions;
  proxies: TrustedProxies;
}

/**
 * The agent waits 30 s for an ack before it sends again (agent/connection.ts, outbox-sender.ts): a
 * message that waited longer than that in the queue is not handled, which under overload keeps the
 * dashboard from working through a backlog of messages nobody waits for any more.
 */
export const AGENT_MESSAGE_STALE_MS = 30_000;


/**
 * The agents' side of the gateway: handshake authentication, registration, heartbeats, command output.
 * Handshakes and messages are handled through `queue`, one per turn of the event loop, so that a
 * storm of them cannot starve the ping timers of the agents already connected.
 */
export function attachAgentNamespace(namespace: Namespace, deps: AgentNamespaceDeps, queue = new HandlerQueue()): void {
  const { agents, log } = deps;

  const failures = new HandshakeLimiter();
  /** Answers a failed handshake: "too many" once this address and host name failed too often. */
  const refuse = (ip: string, hostname: string, error: string, logRefusal: () => void) => {
    if (!failures.failed(ip, hostname)) return new Error(AUTH_ERRORS.rateLimited);
    logRefusal();
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
        const online = agents.get(hostname) !== undefined || deps.fleet.get(hostname)?.online === true;
        return deps.authenticator.authenticate(hostname, token, online);
      }, AGENT_MESSAGE_STALE_MS)
      .then((result) => {
        if (!result) return next(new Error("connection closed during the handshake"));
        if (!result.ok) {
          return next(refuse(ip, hostname, AUTH_ERRORS.invalidToken, () => log.warn("agent.auth_refused", { host: hostname, ip, reason: result.reason })));
        }
        socket.data = {
          hostname,
          sourceIp: ip,
          registered: false,
          tokenId: result.via === "host" ? result.tokenId : null,
          closed: false,
        };
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
    const options = {
      log,
      peer: hostname,
      onInvalid: (error: string) => socket.emit("protocol:error", { event: "message", error }),
      queue,
      staleAfterMs: AGENT_MESSAGE_STALE_MS,
    };

    const context: AgentMessageContext = {
      session: socket.data, sessions: deps.sessions, fleet: deps.fleet, commands: deps.commands, tokens: deps.authenticator,
    };
    if (agentAuthSchema.shape.purpose.safeParse((socket.handshake.auth as { purpose?: unknown }).purpose).data === "confirm") {
      // A confirm connection stands beside the host's own: it is not tracked, registers nothing and is closed by the agent.
      refuseUnknownEvents(socket, confirmMessageSchemas, (event, error) => socket.emit("protocol:error", { event, error }));
      handleMessages<ConfirmToServerEvents, AgentMessageContext>(socket, confirmMessageSchemas, confirmMessageHandlers, context, options);
      return;
    }

    // Tracked from the handshake on, so a revoked token's connection is found even before it registers.
    if (agents.set(hostname, socket)) log.warn("agent.replaced", { host: hostname });

    // Output arrives in batches of up to 500 lines: 50 messages a second is a lot of output.
    limitMessageRate(socket, 50, 200, (event) => log.warn("agent.rate_limited", { host: hostname, event }));

    refuseUnknownEvents(socket, agentMessageSchemas, (event, error) => socket.emit("protocol:error", { event, error }));
    handleMessages<AgentToServerEvents, AgentMessageContext>(socket, agentMessageSchemas, agentMessageHandlers, context, options);

    socket.on("disconnect", (reason) => {
      // At once, not queued: a registration waiting in the queue must see that its agent is gone.
      socket.data.closed = true;
      // Queued behind the messages that arrived before it, so it is handled after them and in turn.
      void queue.run(() => {
        if (agents.delete(hostname, socket)) deps.sessions.disconnected(hostname, reason);
      });
    });
  });
}
