import type { Namespace, Socket } from "socket.io";
import { isSameOriginRequest } from "../auth/request-guard";
import { readSession } from "../auth/session";
import type { SessionValidity } from "../auth/session-validity";
import type { BulkRuns } from "../fleet/bulk-runs";
import type { CommandRequests, CommandService } from "../fleet/command-service";
import type { FleetTargetPoller } from "../fleet/fleet-target";
import type { DashboardHealthMonitor } from "../fleet/dashboard-health";
import type { LiveFleet } from "../fleet/live-fleet";
import type { OutputBacklog } from "../fleet/output-backlog";
import type { TrustedProxies } from "../auth/trusted-proxy";
import { compareHostNames } from "../host-names";
import type { Logger } from "../logger";
import type { Role } from "../auth/roles";
import { browserMessageSchemas, type BrowserReply, type BrowserToServerEvents, type ServerToBrowserEvents } from "../protocol/browser";
import { commandRoom, type BrowserMessageContext } from "./browser/context";
import { mayHaveWatchers } from "./room-watchers";
import { eventRefusal } from "./browser/event-roles";
import { browserMessageHandlers } from "./browser/handlers";
import { handleMessages } from "./handle-message";
import { HandlerQueue } from "./handler-queue";
import { limitMessageRate } from "./message-rate";

interface BrowserSocketData {
  user: string;
  role: Role;
  expiresAt: number;
  startedAt: number;
}
export type BrowserSocket = Socket<BrowserToServerEvents, ServerToBrowserEvents, Record<string, never>, BrowserSocketData>;

export interface BrowserNamespaceDeps {
  fleet: LiveFleet;
  /** This replica's commands: their output and changes reach watchers on every replica through the adapter. */
  commands: CommandService;
  /** Where requests go: `commands` itself, or the replica holding each host. */
  requests: CommandRequests;
  backlog: OutputBacklog;
  log: Logger;
  sessionSecrets: readonly string[];
  sessionValidity: SessionValidity;
  target: FleetTargetPoller;
  bulk: BulkRuns;
  health: DashboardHealthMonitor;
  proxies: TrustedProxies;
  /** Whether peers share this namespace through the adapter (replicas on PostgreSQL). */
  replicated: boolean;
}

const FLEET_ROOM = "fleet";
/** Hosts in a snapshot's first part: more than a screen of rows, a small fraction of a large fleet. */
const SNAPSHOT_FIRST_PART = 200;

/**
 * How often every open browser socket's session is checked again: a logout, a disabled user or a new
 * role on another replica closes this replica's sockets within this (plus the stamp cache's 2 s).
 * Cheap: the stamps are cached per user, so a sweep reads the store once per user, not per socket.
 */
const SESSION_SWEEP_MS = 5_000;

async function closeIfEnded(socket: BrowserSocket, sessions: SessionValidity): Promise<boolean> {
  const { user, startedAt, expiresAt } = socket.data;
  const current = Date.now() < expiresAt && (await sessions.isCurrent(user, startedAt));
  if (!current) socket.disconnect(true);
  return current;
}

/**
 * A browser socket lives only as long as its session: it closes when the session expires, and every
 * event it sends is handled only while the session still counts (not after a logout).
 */
function keepSessionCurrent(socket: BrowserSocket, sessions: SessionValidity, log: Logger): void {
  const expiry = setTimeout(() => socket.disconnect(true), Math.min(socket.data.expiresAt - Date.now(), 2 ** 31 - 1));
  socket.once("disconnect", () => clearTimeout(expiry));
  socket.use((_packet, next) => {
    closeIfEnded(socket, sessions)
      .then((current) => {
        if (current) next();
      })
      .catch((error: unknown) => {
        log.error("browser.session_check_failed", { error: String(error) });
        socket.disconnect(true);
      });
  });
}

/**
 * An event beyond the user's role is answered with the reason on its ack and never reaches its
 * handler (a viewer's command:request, bulk:request, command:stop, target:refresh).
 */
function refuseBeyondRole(socket: BrowserSocket, log: Logger): void {
  socket.use(([event, ...args], next) => {
    const refusal = eventRefusal(event, socket.data.role);
    if (refusal === null) return next();
    log.warn("browser.role_refused", { user: socket.data.user, role: socket.data.role, event });
    const ack = args[args.length - 1];
    if (typeof ack === "function") (ack as (reply: BrowserReply) => void)({ ok: false, error: refusal });
  });
}

/** The browsers' side of the gateway: fleet snapshot and patches, commands, and output streaming. */
export function attachBrowserNamespace(namespace: Namespace, deps: BrowserNamespaceDeps, queue = new HandlerQueue()): void {
  const { fleet, commands, log, target, bulk, health } = deps;

  namespace.use((socket, next) => {
    // The session cookie alone would let any page the user visits open a socket in their name.
    if (!isSameOriginRequest(socket.request)) {
      log.warn("browser.origin_refused", { origin: String(socket.handshake.headers.origin) });
      return next(new Error("origin not allowed"));
    }
    readSession(socket.handshake.headers.cookie, deps.sessionSecrets, deps.sessionValidity)
      .then((session) => {
        if (!session) return next(new Error("not logged in"));
        socket.data = { user: session.user, role: session.role, expiresAt: session.expiresAt, startedAt: session.startedAt };
        next();
      })
      .catch(() => next(new Error("not logged in")));
  });

  namespace.on("connection", (raw) => {
    const socket = raw as BrowserSocket;
    const ip = deps.proxies.clientAddress(socket.request);
    const options = { log, peer: `browser ${ip}`, onInvalid: () => undefined, queue };
    limitMessageRate(socket, 20, 100, (event) => log.warn("browser.rate_limited", { ip, event }));
    keepSessionCurrent(socket, deps.sessionValidity, log);
    refuseBeyondRole(socket, log);
    void socket.join(FLEET_ROOM);
    socket.emit("fleet:target", target.state);
    socket.emit("dashboard:health", health.current);
    // A run that finished while this browser was away (a dashboard restart) still reaches its summary.
    for (const run of bulk.recent()) socket.emit("bulk:progress", run);
    const hosts = fleet.snapshot().sort((a, b) => compareHostNames(a.name, b.name));
    socket.emit("fleet:snapshot", { hosts: hosts.slice(0, SNAPSHOT_FIRST_PART), first: true, last: hosts.length <= SNAPSHOT_FIRST_PART });
    if (hosts.length > SNAPSHOT_FIRST_PART) socket.emit("fleet:snapshot", { hosts: hosts.slice(SNAPSHOT_FIRST_PART), first: false, last: true });

    const context: BrowserMessageContext = {
      user: socket.data.user,
      ip,
      join: (room) => socket.join(room),
      leave: (room) => socket.leave(room),
      requests: deps.requests,
      bulk,
      target,
      backlog: deps.backlog,
    };
    handleMessages<BrowserToServerEvents, BrowserMessageContext>(socket, browserMessageSchemas, browserMessageHandlers, context, options);
  });

  // This replica's sockets of a user who logged out here close at once (other replicas' at their next event or sweep).
  deps.sessionValidity.onEnded((user) => {
    for (const socket of namespace.sockets.values()) if ((socket as BrowserSocket).data.user === user) socket.disconnect(true);
  });
  const sweep = setInterval(() => {
    for (const socket of namespace.sockets.values()) void closeIfEnded(socket as BrowserSocket, deps.sessionValidity);
  }, SESSION_SWEEP_MS);
  sweep.unref();

  // Every replica keeps the whole fleet and its own fleet target, so those go to its own browsers
  // only; bulk progress and command output exist on one replica and go to every replica's.
  fleet.subscribe({
    patches: (patches) => namespace.local.to(FLEET_ROOM).emit("fleet:patches", patches),
    removed: (name) => namespace.local.to(FLEET_ROOM).emit("host:removed", name),
  });
  bulk.subscribe((run) => namespace.to(FLEET_ROOM).emit("bulk:progress", run));
  target.subscribe((state) => namespace.local.to(FLEET_ROOM).emit("fleet:target", state));
  health.subscribe((state) => namespace.local.to(FLEET_ROOM).emit("dashboard:health", state));
  const watched = (commandId: string) => mayHaveWatchers(namespace, deps.replicated, commandRoom(commandId));
  commands.subscribe({
    output: (commandId, chunks) => {
      if (!watched(commandId)) return;
      namespace.to(commandRoom(commandId)).emit("command:output", {
        commandId,
        lines: chunks.map(({ seq, stream, line }) => ({ seq, stream, line })),
      });
    },
    changed: (command) => {
      if (watched(command.id)) namespace.to(commandRoom(command.id)).emit("command:changed", command);
    },
  });
}
