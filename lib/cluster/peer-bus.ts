import { randomBytes, randomUUID } from "node:crypto";
import type { Logger } from "../logger";
import {
  peerCallSchemas,
  peerMessageSchemas,
  type PeerEvent,
  type PeerMessage,
  type PeerMethod,
  type PeerPayload,
  type PeerResult,
} from "../protocol/cluster";
import { parseMessage } from "../protocol/validate";

/** How messages reach the other replicas: Socket.IO's server-side events through its adapter. */
export interface PeerTransport {
  publish(event: PeerEvent, message: unknown): void;
  subscribe(event: PeerEvent, listener: (message: unknown) => void): void;
}

export interface PeerBusOptions {
  aliveIntervalMs?: number;
  /** A peer silent for this long has stopped (or lost its database connection). */
  lostAfterMs?: number;
  callTimeoutMs?: number;
}

type Handler<E extends PeerEvent> = (message: PeerMessage<E>) => void;
interface PendingCall {
  method: PeerMethod;
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * The replicas' view of each other: who is alive, one-way messages to all, and calls to one. Every
 * incoming message is validated; a peer's bad message is logged and dropped.
 */
export class PeerBus {
  readonly id = randomBytes(6).toString("hex");
  private readonly peers = new Map<string, number>();
  private readonly pending = new Map<string, PendingCall>();
  private readonly joinedListeners = new Set<(peer: string) => void>();
  private readonly lostListeners = new Set<(peer: string) => void>();
  private timer: NodeJS.Timeout | undefined;
  private deaf = false;
  private readonly aliveIntervalMs: number;
  private readonly lostAfterMs: number;
  private readonly callTimeoutMs: number;

  constructor(
    private readonly transport: PeerTransport,
    private readonly log: Logger,
    options: PeerBusOptions = {},
  ) {
    this.aliveIntervalMs = options.aliveIntervalMs ?? 2_000;
    this.lostAfterMs = options.lostAfterMs ?? 10_000;
    this.callTimeoutMs = options.callTimeoutMs ?? 30_000;
    this.on("peer:reply", (reply) => this.settle(reply));
    this.on("peer:alive", () => undefined);
    this.on("peer:leaving", ({ from }) => this.drop(from, "leaving"));
  }

  start(): void {
    this.send("peer:alive", {});
    this.timer = setInterval(() => {
      this.send("peer:alive", {});
      if (!this.deaf) this.dropSilentPeers(Date.now());
    }, this.aliveIntervalMs);
    this.timer.unref();
  }

  /** Tells the peers this replica is going (while its transport still works), and stops. */
  stop(): void {
    this.send("peer:leaving", {});
    clearInterval(this.timer);
    for (const call of this.pending.values()) {
      clearTimeout(call.timer);
      call.reject(new Error("this replica is stopping"));
    }
    this.pending.clear();
  }

  /**
   * A deaf replica cannot tell its peers' silence from its own deafness: it takes no peer for gone
   * while deaf, and gives each a fresh limit once it hears again.
   */
  setDeaf(deaf: boolean): void {
    this.deaf = deaf;
    if (deaf) return;
    const now = Date.now();
    for (const peer of this.peers.keys()) this.peers.set(peer, now);
  }

  /** Replicas heard from recently. */
  get alivePeers(): string[] {
    return [...this.peers.keys()];
  }

  onPeerJoined(listener: (peer: string) => void): void {
    this.joinedListeners.add(listener);
  }

  onPeerLost(listener: (peer: string) => void): void {
    this.lostListeners.add(listener);
  }

  send<E extends PeerEvent>(event: E, body: Omit<PeerMessage<E>, "from">): void {
    this.transport.publish(event, { ...body, from: this.id });
  }

  on<E extends PeerEvent>(event: E, handler: Handler<E>): void {
    this.transport.subscribe(event, (raw) => {
      const parsed = parseMessage(peerMessageSchemas[event], raw);
      if (!parsed.ok) {
        this.log.warn("peer.invalid_message", { event, error: parsed.error });
        return;
      }
      const message = parsed.value as PeerMessage<E>;
      if (message.from === this.id) return;
      this.heardFrom(message.from);
      handler(message);
    });
  }

  /** Asks one peer; rejects when it does not answer in time or answers with an error. */
  call<M extends PeerMethod>(to: string, method: M, payload: PeerPayload<M>): Promise<PeerResult<M>> {
    const id = randomUUID();
    return new Promise<PeerResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`replica ${to} did not answer within ${this.callTimeoutMs / 1000} s`));
      }, this.callTimeoutMs);
      timer.unref();
      this.pending.set(id, { method, resolve: resolve as (result: unknown) => void, reject, timer });
      this.send("peer:call", { to, id, method, payload });
    });
  }

  /** Answers one kind of call addressed to this replica. */
  serve<M extends PeerMethod>(method: M, handler: (payload: PeerPayload<M>, from: string) => Promise<PeerResult<M>>): void {
    this.on("peer:call", (call) => {
      if (call.to !== this.id || call.method !== method) return;
      const reply = (body: { result?: unknown; error?: string }) => this.send("peer:reply", { to: call.from, id: call.id, ...body });
      const payload = parseMessage(peerCallSchemas[method].payload, call.payload);
      if (!payload.ok) {
        this.log.warn("peer.invalid_call", { method, from: call.from, error: payload.error });
        return reply({ error: payload.error });
      }
      handler(payload.value as PeerPayload<M>, call.from)
        .then((result) => reply({ result }))
        .catch((error: unknown) => {
          this.log.error("peer.call_failed", { method, from: call.from, error: String(error) });
          reply({ error: "the replica could not handle this call" });
        });
    });
  }

  private settle(reply: PeerMessage<"peer:reply">): void {
    if (reply.to !== this.id) return;
    const call = this.pending.get(reply.id);
    if (!call) return;
    this.pending.delete(reply.id);
    clearTimeout(call.timer);
    if (reply.error !== undefined) return call.reject(new Error(`replica ${reply.from}: ${reply.error}`));
    const result = parseMessage(peerCallSchemas[call.method].result, reply.result);
    if (result.ok) call.resolve(result.value);
    else call.reject(new Error(`replica ${reply.from} answered ${call.method} with a malformed result: ${result.error}`));
  }

  private heardFrom(peer: string): void {
    const known = this.peers.has(peer);
    this.peers.set(peer, Date.now());
    if (known) return;
    this.log.info("peer.joined", { peer });
    for (const listener of this.joinedListeners) listener(peer);
  }

  private dropSilentPeers(now: number): void {
    for (const [peer, lastHeard] of this.peers) {
      if (now - lastHeard >= this.lostAfterMs) this.drop(peer, `silent for ${now - lastHeard} ms`);
    }
  }

  private drop(peer: string, why: string): void {
    if (!this.peers.delete(peer)) return;
    this.log.warn("peer.lost", { peer, why });
    for (const listener of this.lostListeners) listener(peer);
  }
}
