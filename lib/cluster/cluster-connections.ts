import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Logger } from "../logger";

/** `deaf`: this replica's echoes stopped coming back. `recovered`: one came back after messages may have been lost. */
export type HearingEvent = "deaf" | "recovered";

export interface HearingCheckOptions {
  /** How often an echo goes out. */
  echoIntervalMs?: number;
  /** An echo not back within this long means deaf. Shorter than the peers' silence limit, so that a deaf replica knows before it would judge them. */
  echoTimeoutMs?: number;
}

type ConnectCallback = (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/**
 * The PostgreSQL connections under the Socket.IO adapter: the pool publishes (NOTIFY), and the one
 * LISTEN connection is this replica's own instead of one borrowed from the pool.
 *
 * The adapter borrowed its listener from the pool and never gave back one that died: each PostgreSQL
 * restart or cut connection leaked one, and at the fourth the pool was full of dead connections, so
 * the replica neither heard nor published again. And it drops its own messages, so a replica could not
 * tell that it had gone deaf. Here an echo (a NOTIFY on the cluster channel that only this replica
 * recognises) goes out at an interval; one that does not come back in time means deaf: the listener is
 * recreated, and listeners hear `deaf` until an echo comes back (`recovered`). `recovered` also follows
 * a listener that came back or a publish that failed too briefly to be noticed as deafness: messages
 * may have been lost either way, so the replicas compare their state.
 */
export class ClusterConnections extends pg.Pool {
  // Field names stay clear of pg.Pool's own (it keeps `log` and `options` on the instance).
  private listener: pg.Client | null = null;
  /** When the listener connected; the adapter issues its LISTEN a moment later. */
  private listenerSince = 0;
  /** When the echoes started: the cluster channel's LISTEN was issued just before. */
  private echoesSince = 0;
  private deaf = false;
  /** Messages may have been lost since the last echo heard (a listener lost, a publish failed). */
  private gap = false;
  private echo: { payload: string; sentAt: number; listener: pg.Client | null } | null = null;
  private echoes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly echoPrefix = `nixfleet-echo:${randomBytes(6).toString("hex")}:`;
  private readonly hearingListeners = new Set<(event: HearingEvent) => void>();
  private readonly echoIntervalMs: number;
  private readonly echoTimeoutMs: number;

  constructor(
    private readonly clientConfig: pg.PoolConfig,
    /** The adapter's channel the echo travels on: one that its listener listens to. */
    private readonly channel: string,
    private readonly logger: Logger,
    options: HearingCheckOptions = {},
  ) {
    super(clientConfig);
    this.echoIntervalMs = options.echoIntervalMs ?? 1_000;
    this.echoTimeoutMs = options.echoTimeoutMs ?? 3_000;
    this.on("error", (error) => logger.error("cluster.pool_error", { error: error.message }));
  }

  // The adapter asks for a client without a callback only for its LISTEN connection; its queries go
  // through query(), which passes one.
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (callback) return super.connect(callback);
    return this.openListener();
  }

  get hearing(): boolean {
    return !this.deaf;
  }

  onHearing(listener: (event: HearingEvent) => void): void {
    this.hearingListeners.add(listener);
  }

  /** Starts the echoes (once the adapter listens on the channel). */
  startEchoes(): void {
    this.echoesSince = Date.now();
    this.timer = setInterval(() => this.checkEcho(Date.now()), this.echoIntervalMs);
    this.timer.unref();
    this.checkEcho(Date.now());
  }

  /** Stops the echoes and closes every connection. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.listener?.removeAllListeners("end");
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
    await this.end();
  }

  private async openListener(): Promise<pg.PoolClient> {
    const client = new pg.Client({ ...this.clientConfig, application_name: "nixfleet-cluster-listener" });
    client.on("error", (error) => this.logger.warn("cluster.listener_lost", { error: error.message }));
    client.on("notification", ({ channel, payload }) => {
      if (channel === this.channel && payload === this.echo?.payload) this.echoHeard();
    });
    client.on("end", () => {
      if (this.listener === client) this.listener = null;
      this.gap = true;
    });
    await client.connect();
    this.listener = client;
    this.listenerSince = Date.now();
    // The adapter ends its listener with release(); it is no pool's to take back.
    return Object.assign(client, { release: () => void client.end().catch(() => undefined) });
  }

  private checkEcho(now: number): void {
    if (this.echo && now - this.echo.sentAt >= this.echoTimeoutMs) {
      this.echoOverdue(this.echo);
      this.echo = null;
    }
    // At start, the echoes wait for the first listener: a replica is not deaf before it listened once.
    if (this.listenerSince === 0) return;
    if (this.echo) return;
    // JSON without a namespace: the adapter's own handler takes it for one of its own and drops it.
    const payload = JSON.stringify({ echo: `${this.echoPrefix}${++this.echoes}` });
    this.echo = { payload, sentAt: now, listener: this.listener };
    this.query("SELECT pg_notify($1, $2)", [this.channel, payload]).catch((error: unknown) => {
      this.gap = true;
      this.logger.warn("cluster.echo_failed", { error: String(error) });
    });
  }

  private echoOverdue(echo: { sentAt: number; listener: pg.Client | null }): void {
    // A listener that connected (or a channel first listened to) shortly before the echo went out may
    // not have issued its LISTEN yet: only the next echo tells.
    const listeningSince = Math.max(this.listenerSince, this.echoesSince);
    if (this.listener && echo.sentAt - listeningSince < this.echoTimeoutMs) return;
    if (!this.deaf) {
      this.deaf = true;
      this.logger.error("cluster.deaf", { echoTimeoutMs: this.echoTimeoutMs });
      for (const listener of this.hearingListeners) listener("deaf");
    }
    // A listener that is connected but does not hear (a half-open connection, LISTEN lost behind a
    // proxy) is cut, and the adapter connects a new one. One already gone is being reconnected.
    if (this.listener && this.listener === echo.listener) {
      this.logger.warn("cluster.listener_recreated", {});
      this.listener.connection.stream.destroy();
    }
  }

  private echoHeard(): void {
    this.echo = null;
    if (!this.deaf && !this.gap) return;
    this.logger.info("cluster.hearing_again", { wasDeaf: this.deaf });
    this.deaf = false;
    this.gap = false;
    for (const listener of this.hearingListeners) listener("recovered");
  }
}
