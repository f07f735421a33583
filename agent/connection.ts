import { io, type Socket } from "socket.io-client";
import {
  AGENT_NAMESPACE,
  AUTH_ERRORS,
  PROTOCOL_VERSION,
  commandRunSchema,
  commandStopSchema,
  heartbeatMessageSchema,
  hostGenerationsSchema,
  parseMessage,
  registerMessageSchema,
  type Ack,
  type AgentToServerEvents,
  type CommandRun,
  type CommandRunAck,
  type HeartbeatMessage,
  type HostGenerations,
  type RegisterAccepted,
  type RegisterMessage,
  type ServerToAgentEvents,
} from "../lib/protocol/index";
import { Backoff } from "./backoff";
import { confirmOverNewConnection } from "./confirm-connection";
import { errorMessage, type Logger } from "./log";
import { OutboxSender } from "./outbox-sender";
import type { Outbox } from "./outbox";
import { readTokenFile, type HostTokenStore } from "./token";

export interface ConnectionSettings {
  url: string;
  hostname: string;
  tokenFile: string;
  intervalSeconds: number;
}

export interface ConnectionHandlers {
  /** The register message, built fresh for every (re)connection. */
  registerMessage(): Promise<RegisterMessage>;
  /** The dashboard accepted the registration; true when its answer changed what the register message says. */
  registered(reply: RegisterAccepted): Promise<boolean>;
  heartbeatMessage(): Promise<HeartbeatMessage>;
  /** The host's generations when they changed since the dashboard last took them; null otherwise. */
  changedGenerations(): HostGenerations | null;
  /** The dashboard stored these generations. */
  generationsTaken(message: HostGenerations): void;
  runCommand(command: CommandRun): CommandRunAck;
  stopCommand(commandId: string): Ack;
}

type AgentSocket = Socket<ServerToAgentEvents, AgentToServerEvents>;

/** How long the agent waits for an ack before it treats the message as lost (and resends later). */
const ACK_TIMEOUT_MS = 30_000;

/**
 * The agent's link to the dashboard (SPEC 2.2): connects with its token, registers, heartbeats every
 * interval (also while a command runs), delivers the outbox, and answers command:run and
 * command:stop. socket.io's own reconnection is off: it does not retry a handshake the dashboard
 * refused, so the agent runs one backoff loop for every kind of failure.
 */
export class DashboardConnection {
  private readonly socket: AgentSocket;
  private readonly backoff = new Backoff();
  private readonly sender: OutboxSender;
  private sharedToken: string;
  private hostToken: string | null;
  private registered = false;
  /**
   * Settles when this connection's registration is done (or has failed). The dashboard counts the
   * host online as soon as it has the registration, so a command can arrive before the register
   * ack: it waits for this, so that it runs with what the ack told (the fleet target's repository).
   */
  private registration: Promise<void> = Promise.resolve();
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private statusTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly settings: ConnectionSettings,
    sharedToken: string,
    private readonly hostTokens: HostTokenStore,
    outbox: Outbox,
    private readonly handlers: ConnectionHandlers,
    private readonly log: Logger,
  ) {
    this.sharedToken = sharedToken;
    const stored = hostTokens.read();
    if (stored !== null && !stored.ok) {
      log.error("host_token.unusable", {
        problem: stored.error,
        hint: "ignored: the agent registers with the token file; if the dashboard refuses it because this host has its own token, issue the host a new token on the dashboard's /tokens page and put it in the token file",
      });
    }
    this.hostToken = stored?.ok ? stored.token : null;
    this.socket = io(`${settings.url}${AGENT_NAMESPACE}`, {
      autoConnect: false,
      reconnection: false,
      // WebSocket only: no long-polling, so several dashboard replicas need no sticky sessions.
      transports: ["websocket"],
      auth: (callback) => callback({ token: this.hostToken ?? this.sharedToken, hostname: settings.hostname, protocol: PROTOCOL_VERSION }),
    });
    this.sender = new OutboxSender(outbox, this.socket, ACK_TIMEOUT_MS, log);
    this.socket.on("connect", () => void this.onConnect());
    this.socket.on("connect_error", (error) => this.onConnectError(error));
    this.socket.on("disconnect", (reason) => this.onDisconnect(reason));
    this.socket.on("command:run", (command, ack) => this.onCommandRun(command, ack));
    this.socket.on("command:stop", (stop, ack) => this.onCommandStop(stop, ack));
    this.socket.on("protocol:error", (error) => this.log.warn("dashboard.protocol_error", { event: error?.event, error: error?.error }));
  }

  start(): void {
    this.log.info("connecting", { url: this.settings.url, host: this.settings.hostname, using: this.hostToken ? "host token" : "token file" });
    this.socket.connect();
  }

  /** Confirm-or-revert: confirms switch `commandId` over a new connection (confirm-connection.ts). */
  confirmSwitch(commandId: string, timeoutMs: number): Promise<Ack> {
    const auth = { token: this.hostToken ?? this.sharedToken, hostname: this.settings.hostname, protocol: PROTOCOL_VERSION } as const;
    return confirmOverNewConnection(this.settings.url, auth, commandId, timeoutMs);
  }

  get isRegistered(): boolean {
    return this.registered;
  }

  /** The status changed (a command started or ended, an evaluation finished): tell the dashboard soon. */
  statusChanged(): void {
    if (!this.registered || this.statusTimer !== null) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      void this.sendHeartbeat();
    }, 200);
  }

  /** Waits (bounded) until everything in the outbox was delivered; used before a planned exit. */
  drain(timeoutMs: number): Promise<boolean> {
    return this.sender.drained(timeoutMs);
  }

  close(): void {
    this.closed = true;
    for (const timer of [this.retryTimer, this.heartbeatTimer, this.statusTimer]) if (timer !== null) clearTimeout(timer);
    this.sender.stop();
    this.socket.disconnect();
  }

  private async register() {
    const message = parseMessage(registerMessageSchema, await this.handlers.registerMessage());
    if (!message.ok) throw new Error(message.error);
    return this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck("register", message.value);
  }

  private async onConnect(): Promise<void> {
    let settle = () => undefined as void;
    this.registration = new Promise((resolve) => (settle = resolve));
    try {
      await this.completeRegistration();
    } finally {
      settle();
    }
  }

  private async completeRegistration(): Promise<void> {
    let reply;
    try {
      reply = await this.register();
    } catch (error) {
      this.log.error("register.failed", { error: errorMessage(error) });
      this.retryLater();
      return;
    }
    if (!reply.ok) {
      this.log.error("register.refused", { error: reply.error });
      this.retryLater();
      return;
    }
    if (!this.socket.connected) return;
    if (reply.hostToken) this.adoptHostToken(reply.hostToken);
    this.registered = true;
    this.backoff.reset();
    this.log.info("connected", { host: this.settings.hostname, dashboardVersion: reply.dashboardVersion });
    if (this.heartbeatTimer !== null) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => void this.sendHeartbeat(), this.settings.intervalSeconds * 1000);
    this.sender.start();
    const changed = await this.handlers.registered(reply);
    this.registration = Promise.resolve();
    if (changed) await this.registerAgain();
  }

  /** Sends the register message again on this connection (what it says changed); a failure waits for the next connection. */
  private async registerAgain(): Promise<void> {
    try {
      const again = await this.register();
      if (!again.ok) this.log.warn("register.refused", { error: again.error });
    } catch (error) {
      if (this.registered) this.log.warn("register.no_answer", { error: errorMessage(error) });
    }
  }

  private adoptHostToken(token: string): void {
    if (token === this.hostToken) return;
    this.hostToken = token;
    try {
      this.hostTokens.save(token);
      this.log.info("host_token.stored", { file: this.hostTokens.file });
    } catch (error) {
      this.log.error("host_token.store_failed", { file: this.hostTokens.file, error: errorMessage(error) });
      return;
    }
    void this.confirmHostToken();
  }

  /**
   * Tells the dashboard the token is on disk: from then on it refuses the shared token for this host.
   * Unconfirmed (lost ack, older dashboard), the next connection with the host token confirms it too.
   */
  private async confirmHostToken(): Promise<void> {
    try {
      const reply = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck("host-token:stored", {});
      if (reply.ok) this.log.info("host_token.confirmed");
      else this.log.warn("host_token.confirm_refused", { error: reply.error });
    } catch (error) {
      this.log.warn("host_token.confirm_failed", { error: errorMessage(error) });
    }
  }

  private onConnectError(error: Error): void {
    if (error.message === AUTH_ERRORS.invalidToken) {
      if (this.hostToken !== null) {
        this.log.error("auth.host_token_refused", {
          file: this.hostTokens.file,
          hint: "the dashboard no longer accepts this host's token (revoked?); falling back to the token file",
        });
        this.hostTokens.discard();
        this.hostToken = null;
      } else {
        this.log.error("auth.token_refused", {
          file: this.settings.tokenFile,
          hint: "the dashboard refused the token from this file; check it holds NIXFLEET_AGENT_TOKEN or this host's token",
        });
        // The file may have been fixed meanwhile (e.g. a secret manager rewrote it).
        const reread = readTokenFile(this.settings.tokenFile);
        if (reread.ok) this.sharedToken = reread.token;
      }
    } else if (error.message === AUTH_ERRORS.rateLimited) {
      this.log.warn("auth.rate_limited", { hint: "the dashboard counts too many failed attempts from here; waiting" });
    } else {
      this.log.warn("connect.failed", { url: this.settings.url, error: error.message });
    }
    this.retryLater();
  }

  private onDisconnect(reason: string): void {
    const wasRegistered = this.registered;
    this.registered = false;
    if (this.heartbeatTimer !== null) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    this.sender.stop();
    // Messages emitted while offline would be replayed before `register` on reconnect: drop them,
    // the outbox resends what matters.
    this.socket.sendBuffer = [];
    if (this.closed) return;
    if (wasRegistered) this.log.warn("disconnected", { reason });
    this.retryLater();
  }

  private retryLater(): void {
    if (this.closed || this.retryTimer !== null) return;
    const delay = this.backoff.next();
    this.log.info("reconnect.scheduled", { inSeconds: (delay / 1000).toFixed(1) });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed && !this.socket.connected) this.socket.connect();
    }, delay);
    // After the timer is set: the disconnect handler then finds the retry already planned.
    if (this.socket.connected) this.socket.disconnect();
  }

  private async sendHeartbeat(): Promise<void> {
    if (!this.registered) return;
    const message = parseMessage(heartbeatMessageSchema, await this.handlers.heartbeatMessage());
    if (!message.ok) {
      this.log.error("heartbeat.invalid", { error: message.error });
      return;
    }
    try {
      const reply = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck("heartbeat", message.value);
      if (!reply.ok) this.log.warn("heartbeat.refused", { error: reply.error });
    } catch (error) {
      if (this.registered) this.log.warn("heartbeat.no_answer", { error: errorMessage(error) });
    }
    await this.sendGenerations();
  }

  /** Tells the dashboard the host's generations when they changed (a switch, a rollback, the profile). */
  private async sendGenerations(): Promise<void> {
    const changed = this.handlers.changedGenerations();
    if (changed === null || !this.registered) return;
    const message = parseMessage(hostGenerationsSchema, changed);
    if (!message.ok) {
      this.log.error("generations.invalid", { error: message.error });
      return;
    }
    try {
      const reply = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck("host:generations", message.value);
      if (reply.ok) this.handlers.generationsTaken(message.value);
      else this.log.warn("generations.refused", { error: reply.error });
    } catch (error) {
      if (this.registered) this.log.warn("generations.no_answer", { error: errorMessage(error) });
    }
  }

  private onCommandRun(command: unknown, ack: unknown): void {
    const reply = (answer: CommandRunAck) => {
      if (typeof ack === "function") ack(answer);
    };
    const parsed = parseMessage(commandRunSchema, command);
    if (!parsed.ok) {
      this.log.warn("command.refused", { error: parsed.error });
      reply({ accepted: false, reason: parsed.error });
      return;
    }
    const run = parsed.value;
    void this.registration.then(() => {
      const answer = this.handlers.runCommand(run);
      if (!answer.accepted) this.log.warn("command.refused", { command: run.id, type: run.type, reason: answer.reason });
      reply(answer);
    });
  }

  private onCommandStop(stop: unknown, ack: unknown): void {
    const reply = (answer: Ack) => {
      if (typeof ack === "function") ack(answer);
    };
    const parsed = parseMessage(commandStopSchema, stop);
    if (!parsed.ok) {
      reply({ ok: false, error: parsed.error });
      return;
    }
    // Answered at once: the stop is under way; the result (cancelled) follows when the group is gone.
    reply(this.handlers.stopCommand(parsed.value.commandId));
  }
}
