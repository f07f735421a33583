import type { Socket } from "socket.io-client";
import {
  RATE_LIMIT_ERROR,
  commandResultSchema,
  parseMessage,
  type AgentToServerEvents,
  type OutputAck,
  type Refusal,
  type ServerToAgentEvents,
} from "../lib/protocol/index";
import { Backoff } from "./backoff";
import { errorMessage, type Logger } from "./log";
import type { Outbox } from "./outbox";

/** After this many final refusals of one command's output or result, the dashboard has decided. */
const MAX_REFUSALS = 10;
/**
 * Longest wait between tries of a message the dashboard could not take (no answer, or a retryable
 * refusal: its store is down). Such a message is tried for as long as it takes, never given up.
 */
const MAX_RETRY_DELAY_MS = 30_000;
/** A rate-limited socket gets about 50 messages back every second: one second is enough of a pause. */
const RATE_LIMIT_PAUSE_MS = 1_000;

interface Stall {
  until: number;
  backoff: Backoff;
  /** Final refusals only: retryable ones and the rate limit never count. */
  refusals: number;
}

/**
 * Delivers the outbox while the agent is registered: each command's lines in batches of at most
 * MAX_CHUNKS_PER_MESSAGE, one message in flight, oldest command first, then its result once every
 * line was acknowledged. Only what the dashboard says it stored (`storedThrough`) is forgotten;
 * anything else is sent again, which the dashboard tolerates because lines carry their seq.
 */
export class OutboxSender {
  private active = false;
  private sending = false;
  private again = false;
  private readonly stalls = new Map<string, Stall>();
  private wakeTimer: NodeJS.Timeout | null = null;
  private readonly drainWaiters = new Set<() => void>();

  constructor(
    private readonly outbox: Outbox,
    private readonly socket: Socket<ServerToAgentEvents, AgentToServerEvents>,
    private readonly ackTimeoutMs: number,
    private readonly log: Logger,
  ) {
    outbox.onCommitted = () => this.kick();
  }

  start(): void {
    this.active = true;
    this.stalls.clear();
    this.kick();
  }

  stop(): void {
    this.active = false;
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }

  /**
   * Resolves true once the dashboard has everything deliverable now (a running command's future lines
   * are not), false when `timeoutMs` passes first.
   */
  drained(timeoutMs: number): Promise<boolean> {
    if (!this.hasDeliverable()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.drainWaiters.delete(done);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.drainWaiters.delete(done);
        resolve(false);
      }, timeoutMs);
      this.drainWaiters.add(done);
    });
  }

  kick(): void {
    if (!this.active) return;
    if (this.sending) {
      this.again = true;
      return;
    }
    this.sending = true;
    void this.sendAll().finally(() => {
      this.sending = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async sendAll(): Promise<void> {
    let progressed = true;
    const skipped = new Set<string>();
    while (this.active && progressed) {
      progressed = false;
      for (const commandId of this.outbox.commandIds()) {
        if (!this.active) return;
        if ((this.stalls.get(commandId)?.until ?? 0) > Date.now()) {
          skipped.add(commandId);
          continue;
        }
        skipped.delete(commandId);
        if (await this.sendNext(commandId)) progressed = true;
      }
    }
    if (!this.active) return;
    this.wakeForEarliestStall(skipped);
    if (!this.hasDeliverable()) for (const waiter of [...this.drainWaiters]) waiter();
  }

  /**
   * Arms the one wake-up timer for the earliest stalled command. Armed after every pass, not only
   * when a stall begins: a timer may fire while Date.now() is still short of its time (Node's timers
   * run on a monotonic clock), and that pass then skips the command and must arm again. A command the
   * pass skipped whose stall ran out meanwhile gets another pass at once; one it tried needs none.
   */
  private wakeForEarliestStall(skipped: Set<string>): void {
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    const now = Date.now();
    const waiting = [...this.stalls]
      .filter(([commandId, stall]) => this.outbox.has(commandId) && (stall.until > now || skipped.has(commandId)))
      .map(([, stall]) => stall.until);
    if (waiting.length === 0) return;
    const wakeIn = Math.min(...waiting) - now;
    if (wakeIn <= 0) {
      this.again = true;
      return;
    }
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.kick();
    }, wakeIn);
  }

  private hasDeliverable(): boolean {
    return this.outbox.commandIds().some((id) => this.outbox.nextBatch(id, 1).length > 0 || this.outbox.readyResult(id) !== null);
  }

  /** Sends the next batch of a command, or its result; true when the dashboard took something. */
  private async sendNext(commandId: string): Promise<boolean> {
    const chunks = this.outbox.nextBatch(commandId);
    if (chunks.length > 0) {
      const first = (chunks[0] as { seq: number }).seq;
      this.outbox.markSent(commandId, first + chunks.length - 1);
      let reply: OutputAck;
      try {
        reply = await this.socket.timeout(this.ackTimeoutMs).emitWithAck("command:output", { commandId, chunks });
      } catch (error) {
        return this.unanswered(commandId, error);
      }
      if (!reply.ok) return this.refused(commandId, reply);
      if (reply.storedThrough < first) {
        this.log.warn("outbox.not_stored", { command: commandId, sentFrom: first, storedThrough: reply.storedThrough });
        return this.stall(commandId);
      }
      this.outbox.acknowledge(commandId, reply.storedThrough);
      this.stalls.delete(commandId);
      return true;
    }
    const result = this.outbox.readyResult(commandId);
    if (result === null) return false;
    const checked = parseMessage(commandResultSchema, result);
    if (!checked.ok) {
      this.log.error("outbox.result_invalid", { command: commandId, error: checked.error });
      this.outbox.forget(commandId);
      return true;
    }
    let reply;
    try {
      reply = await this.socket.timeout(this.ackTimeoutMs).emitWithAck("command:result", checked.value);
    } catch (error) {
      return this.unanswered(commandId, error);
    }
    if (!reply.ok) return this.refused(commandId, reply);
    this.outbox.forget(commandId);
    this.stalls.delete(commandId);
    this.log.info("command.delivered", { command: commandId, state: result.state, lines: result.lastSeq });
    return true;
  }

  private unanswered(commandId: string, error: unknown): false {
    if (this.active && this.socket.connected) {
      this.log.warn("outbox.no_answer", { command: commandId, error: errorMessage(error) });
      this.stall(commandId);
    }
    return false;
  }

  /**
   * Only a final refusal (the message itself is wrong) counts toward giving up: the rate limit is
   * back-pressure, and a retryable refusal is the dashboard's own trouble, which must never cost output.
   */
  private refused(commandId: string, { error, retryable }: Refusal): false {
    if (error === RATE_LIMIT_ERROR) {
      this.log.debug("outbox.rate_limited", { command: commandId });
      this.stallOf(commandId).until = Date.now() + RATE_LIMIT_PAUSE_MS;
      return false;
    }
    if (retryable === true) {
      this.log.warn("outbox.refused", { command: commandId, error, retryable });
      return this.stall(commandId);
    }
    const stall = this.stallOf(commandId);
    stall.refusals += 1;
    if (stall.refusals >= MAX_REFUSALS) {
      this.log.error("outbox.given_up", { command: commandId, error, refusals: stall.refusals });
      this.outbox.forget(commandId);
      this.stalls.delete(commandId);
      return false;
    }
    this.log.warn("outbox.refused", { command: commandId, error, refusals: stall.refusals });
    return this.stall(commandId);
  }

  /** Leaves a command alone for a backoff delay, so one stuck command does not block the others. */
  private stall(commandId: string): false {
    const stall = this.stallOf(commandId);
    stall.until = Date.now() + stall.backoff.next();
    return false;
  }

  private stallOf(commandId: string): Stall {
    let stall = this.stalls.get(commandId);
    if (stall === undefined) {
      stall = { until: 0, backoff: new Backoff({ maxMs: MAX_RETRY_DELAY_MS }), refusals: 0 };
      this.stalls.set(commandId, stall);
    }
    return stall;
  }
}
