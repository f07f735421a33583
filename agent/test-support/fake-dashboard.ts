import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import {
  AGENT_NAMESPACE,
  AUTH_ERRORS,
  agentAuthSchema,
  commandOutputSchema,
  commandResultSchema,
  heartbeatMessageSchema,
  hostGenerationsSchema,
  hostTokenStoredSchema,
  parseMessage,
  registerMessageSchema,
  type AgentToServerEvents,
  type CommandResult,
  type CommandRun,
  type CommandRunAck,
  type Ack,
  type HeartbeatMessage,
  type HostGenerations,
  type OutputChunk,
  type RegisterMessage,
  type ServerToAgentEvents,
} from "../../lib/protocol/index";

/**
 * The /agent side of the protocol, minimal but strict, for tests that run the real agent process:
 * validates every message, stores output once and in order by seq (whatever is sent twice), and
 * acknowledges with storedThrough as the dashboard does.
 */
export interface FakeDashboardOptions {
  port?: number;
  /** Tokens accepted in the handshake. */
  tokens: Set<string>;
  /** Issued in the register ack when the agent registered with a token not in `hostTokens`. */
  issueHostToken?: string;
}

export class FakeDashboard {
  readonly registrations: RegisterMessage[] = [];
  readonly heartbeats: HeartbeatMessage[] = [];
  /** Every `host:generations` the agent sent. */
  readonly generations: HostGenerations[] = [];
  readonly handshakeTokens: string[] = [];
  /** Host tokens the agent confirmed storing ("host-token:stored"). */
  readonly confirmedTokens: string[] = [];
  readonly output = new Map<string, OutputChunk[]>();
  readonly results = new Map<string, CommandResult>();
  /** Chunks that arrived more than once (already stored). */
  duplicates = 0;
  readonly errors: string[] = [];
  private readonly hostTokens = new Set<string>();
  /** The fleet target's repository, passed in every register ack as the dashboard does; none when null. */
  fleetRepo: string | null = null;
  /** Sent on the next registration before its ack, as the real dashboard may (it counts the host online first). */
  commandBeforeRegisterAck: CommandRun | null = null;

  private constructor(
    private readonly http: HttpServer,
    private readonly io: Server<AgentToServerEvents, ServerToAgentEvents>,
    readonly port: number,
    private readonly options: FakeDashboardOptions,
  ) {}

  static async start(options: FakeDashboardOptions): Promise<FakeDashboard> {
    const http = createServer();
    const io = new Server<AgentToServerEvents, ServerToAgentEvents>(http);
    await new Promise<void>((resolve) => http.listen(options.port ?? 0, "127.0.0.1", resolve));
    const dashboard = new FakeDashboard(http, io, (http.address() as AddressInfo).port, options);
    dashboard.attach();
    return dashboard;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Restarts listening on the same port with the same stored state, as a restarted dashboard would. */
  async restart(): Promise<FakeDashboard> {
    await this.close();
    const next = await FakeDashboard.start({ ...this.options, port: this.port });
    next.adoptStateFrom(this);
    return next;
  }

  lines(commandId: string): string[] {
    return (this.output.get(commandId) ?? []).map((chunk) => chunk.line);
  }

  connectedAgents(): number {
    return this.io.of(AGENT_NAMESPACE).sockets.size;
  }

  async runCommand(command: CommandRun): Promise<CommandRunAck> {
    const socket = [...this.io.of(AGENT_NAMESPACE).sockets.values()][0];
    if (socket === undefined) throw new Error("no agent connected");
    return socket.timeout(5_000).emitWithAck("command:run", command);
  }

  async stopCommand(commandId: string): Promise<Ack> {
    const socket = [...this.io.of(AGENT_NAMESPACE).sockets.values()][0];
    if (socket === undefined) throw new Error("no agent connected");
    return socket.timeout(5_000).emitWithAck("command:stop", { commandId });
  }

  /** Sends a raw event, for tests of malformed input. */
  emitRaw(event: string, payload: unknown): Promise<unknown> {
    const socket = [...this.io.of(AGENT_NAMESPACE).sockets.values()][0];
    if (socket === undefined) throw new Error("no agent connected");
    return (socket.timeout(5_000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }).emitWithAck(event, payload);
  }

  async close(): Promise<void> {
    this.io.disconnectSockets(true);
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
    this.http.closeAllConnections();
  }

  private adoptStateFrom(previous: FakeDashboard): void {
    this.registrations.push(...previous.registrations);
    this.heartbeats.push(...previous.heartbeats);
    this.generations.push(...previous.generations);
    this.handshakeTokens.push(...previous.handshakeTokens);
    for (const [id, chunks] of previous.output) this.output.set(id, chunks);
    for (const [id, result] of previous.results) this.results.set(id, result);
    for (const token of previous.hostTokens) this.hostTokens.add(token);
    this.duplicates = previous.duplicates;
    this.errors.push(...previous.errors);
  }

  private attach(): void {
    const agents = this.io.of(AGENT_NAMESPACE);
    agents.use((socket, next) => {
      const auth = agentAuthSchema.safeParse(socket.handshake.auth);
      if (!auth.success) return next(new Error(AUTH_ERRORS.malformedHandshake));
      this.handshakeTokens.push(auth.data.token);
      if (!this.options.tokens.has(auth.data.token) && !this.hostTokens.has(auth.data.token)) {
        return next(new Error(AUTH_ERRORS.invalidToken));
      }
      socket.data = { token: auth.data.token };
      next();
    });
    agents.on("connection", (socket) => {
      socket.on("register", (message, ack) => {
        const parsed = parseMessage(registerMessageSchema, message);
        if (!parsed.ok) {
          this.errors.push(parsed.error);
          return ack({ ok: false, error: parsed.error });
        }
        this.registrations.push(parsed.value);
        const token = (socket.data as { token: string }).token;
        const issue = this.options.issueHostToken;
        const accepted = { ok: true as const, dashboardVersion: "test", ...(this.fleetRepo === null ? {} : { fleetRepo: this.fleetRepo }) };
        const early = this.commandBeforeRegisterAck;
        this.commandBeforeRegisterAck = null;
        if (early) void socket.timeout(5_000).emitWithAck("command:run", early).catch(() => undefined);
        const answer = () => {
          if (issue !== undefined && token !== issue && !this.hostTokens.has(token)) {
            this.hostTokens.add(issue);
            return ack({ ...accepted, hostToken: issue });
          }
          ack(accepted);
        };
        if (early) setTimeout(answer, 300);
        else answer();
      });
      socket.on("host-token:stored", (message, ack) => {
        const parsed = parseMessage(hostTokenStoredSchema, message);
        if (!parsed.ok) return ack({ ok: false, error: parsed.error });
        if (this.options.issueHostToken !== undefined) this.confirmedTokens.push(this.options.issueHostToken);
        ack({ ok: true });
      });
      socket.on("host:generations", (message, ack) => {
        const parsed = parseMessage(hostGenerationsSchema, message);
        if (!parsed.ok) {
          this.errors.push(parsed.error);
          return ack({ ok: false, error: parsed.error });
        }
        this.generations.push(parsed.value);
        ack({ ok: true });
      });
      socket.on("heartbeat", (message, ack) => {
        const parsed = parseMessage(heartbeatMessageSchema, message);
        if (!parsed.ok) {
          this.errors.push(parsed.error);
          return ack({ ok: false, error: parsed.error });
        }
        this.heartbeats.push(parsed.value);
        ack({ ok: true });
      });
      socket.on("command:output", (message, ack) => {
        const parsed = parseMessage(commandOutputSchema, message);
        if (!parsed.ok) {
          this.errors.push(parsed.error);
          return ack({ ok: false, error: parsed.error });
        }
        const stored = this.output.get(parsed.value.commandId) ?? [];
        this.output.set(parsed.value.commandId, stored);
        for (const chunk of parsed.value.chunks) {
          if (chunk.seq <= stored.length) this.duplicates += 1;
          else if (chunk.seq === stored.length + 1) stored.push(chunk);
        }
        ack({ ok: true, storedThrough: stored.length });
      });
      socket.on("command:result", (message, ack) => {
        const parsed = parseMessage(commandResultSchema, message);
        if (!parsed.ok) {
          this.errors.push(parsed.error);
          return ack({ ok: false, error: parsed.error });
        }
        const stored = this.output.get(parsed.value.commandId)?.length ?? 0;
        if (stored < parsed.value.lastSeq) {
          const error = `result before output: stored ${stored} of ${parsed.value.lastSeq}`;
          this.errors.push(error);
          return ack({ ok: false, error });
        }
        this.results.set(parsed.value.commandId, parsed.value);
        ack({ ok: true });
      });
    });
  }
}

/** Polls until `check` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
