import path from "node:path";
import type { Socket } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RATE_LIMIT_ERROR, type AgentToServerEvents, type CommandOutputMessage, type ServerToAgentEvents } from "../lib/protocol/index";
import { silentLogger } from "./log";
import { Outbox } from "./outbox";
import { OutboxSender } from "./outbox-sender";
import { waitFor } from "./test-support/fake-dashboard";
import { temporaryDir } from "./test-support/fixtures";

const ID = "33333333-3333-4333-8333-333333333333";

/** A socket stand-in that hands every emit to `answer` and records it. */
function fakeSocket(answer: (event: string, payload: unknown) => unknown) {
  const sent: { event: string; payload: unknown }[] = [];
  const socket = {
    connected: true,
    timeout: () => ({
      emitWithAck: async (event: string, payload: unknown) => {
        sent.push({ event, payload });
        return answer(event, payload);
      },
    }),
  };
  return { socket: socket as unknown as Socket<ServerToAgentEvents, AgentToServerEvents>, sent };
}

/** A dashboard that stores everything it is sent, in order, unless `refuse` answers for it. */
function storingSocket(refuse: (event: string) => unknown) {
  let stored = 0;
  const attempts: number[] = [];
  const fake = fakeSocket((event, payload) => {
    attempts.push(Date.now());
    const refusal = refuse(event);
    if (refusal !== null) return refusal;
    if (event === "command:result") return { ok: true };
    for (const chunk of (payload as CommandOutputMessage).chunks) if (chunk.seq === stored + 1) stored = chunk.seq;
    return { ok: true, storedThrough: stored };
  });
  return { ...fake, attempts, stored: () => stored };
}

describe("OutboxSender", () => {
  let dir: string;
  let cleanup: () => void;
  let outbox: Outbox;
  beforeEach(() => {
    ({ dir, cleanup } = temporaryDir());
    outbox = new Outbox(path.join(dir, "outbox"), { maxBytes: 1024 * 1024, log: silentLogger });
    outbox.begin(ID, "pull", 1);
    outbox.append(ID, Array.from({ length: 1_200 }, (_, index) => ({ stream: "stdout" as const, line: `l${index + 1}` })));
    outbox.finish(ID, { commandId: ID, type: "pull", state: "succeeded", exitCode: 0, startedAt: 1, durationMs: 2 });
  });
  afterEach(() => cleanup());

  it("sends batches of at most 500 in order, resends what was not stored, then the result, then forgets", async () => {
    let stored = 0;
    let firstReply = true;
    const { socket, sent } = fakeSocket((event, payload) => {
      if (event === "command:output") {
        const { chunks } = payload as CommandOutputMessage;
        // The first answer stores only part of the batch, as a dashboard that lost some would.
        const take = firstReply ? 100 : chunks.length;
        firstReply = false;
        for (const chunk of chunks.slice(0, take)) if (chunk.seq === stored + 1) stored = chunk.seq;
        return { ok: true, storedThrough: stored };
      }
      return { ok: true };
    });
    const sender = new OutboxSender(outbox, socket, 1_000, silentLogger);
    sender.start();
    await waitFor(() => outbox.commandIds().length === 0, "delivery");
    const outputs = sent.filter((entry) => entry.event === "command:output").map((entry) => entry.payload as CommandOutputMessage);
    expect(outputs.map((message) => [message.chunks[0]?.seq, message.chunks.length])).toEqual([
      [1, 500],
      [101, 500],
      [601, 500],
      [1101, 100],
    ]);
    expect(sent.at(-1)).toEqual({ event: "command:result", payload: expect.objectContaining({ commandId: ID, lastSeq: 1_200 }) });
    expect(sent.filter((entry) => entry.event === "command:result")).toHaveLength(1);
    expect(stored).toBe(1_200);
    expect(await sender.drained(10)).toBe(true);
  });

  it("retries a refused result with backoff and keeps it until the dashboard takes it", async () => {
    let refusals = 0;
    const { socket } = fakeSocket((event, payload) => {
      if (event === "command:output") return { ok: true, storedThrough: (payload as CommandOutputMessage).chunks.at(-1)?.seq ?? 0 };
      refusals += 1;
      return refusals < 2 ? { ok: false, error: "database busy" } : { ok: true };
    });
    const sender = new OutboxSender(outbox, socket, 1_000, silentLogger);
    sender.start();
    await waitFor(() => outbox.commandIds().length === 0, "delivery after a refusal", 5_000);
    expect(refusals).toBe(2);
  });

  it("does nothing while stopped and forgets nothing that was not acknowledged", async () => {
    const { socket, sent } = fakeSocket(() => new Promise(() => {}));
    const sender = new OutboxSender(outbox, socket, 50, silentLogger);
    expect(await sender.drained(20)).toBe(false);
    expect(sent).toHaveLength(0);
    sender.start();
    await waitFor(() => sent.length === 1, "a send");
    sender.stop();
    expect(outbox.ackedThrough(ID)).toBe(0);
    expect(sent[0]?.event).toBe("command:output");
    expect(outbox.commandIds()).toEqual([ID]);
  });
  describe("with a fake clock", () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it("does not stall for good when the retry timer fires a millisecond early by Date.now()", async () => {
      let refusals = 0;
      const { socket, stored } = storingSocket(() => (refusals++ === 0 ? { ok: false, error: "database busy" } : null));
      const sender = new OutboxSender(outbox, socket, 1_000, silentLogger);
      sender.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(refusals).toBe(1);
      // Node's timers run on a monotonic clock: the wake-up can come when Date.now() is still short of it.
      vi.setSystemTime(Date.now() - 1);
      await vi.advanceTimersByTimeAsync(120_000);
      expect(stored()).toBe(1_200);
      expect(outbox.commandIds()).toEqual([]);
      sender.stop();
    });

    it("waits out the rate limit as often as it takes, without counting it toward giving up", async () => {
      let refusals = 0;
      const { socket, stored } = storingSocket(() => (refusals++ < 25 ? { ok: false, error: RATE_LIMIT_ERROR, retryable: true } : null));
      const sender = new OutboxSender(outbox, socket, 1_000, silentLogger);
      sender.start();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(refusals).toBeGreaterThan(25);
      expect(stored()).toBe(1_200);
      expect(outbox.commandIds()).toEqual([]);
      sender.stop();
    });

    it("keeps retrying through a long outage of the dashboard's store, with capped backoff, and loses nothing", async () => {
      const outageEnds = Date.now() + 10 * 60_000;
      const { socket, sent, attempts, stored } = storingSocket(() =>
        Date.now() < outageEnds ? { ok: false, error: "internal error: the dashboard could not handle this message", retryable: true } : null,
      );
      const sender = new OutboxSender(outbox, socket, 1_000, silentLogger);
      sender.start();
      await vi.advanceTimersByTimeAsync(10 * 60_000 - 1);
      expect(outbox.commandIds()).toEqual([ID]);
      expect(outbox.ackedThrough(ID)).toBe(0);
      expect(sent.length).toBeGreaterThan(10);
      const gaps = attempts.slice(1).map((at, index) => at - (attempts[index] as number));
      expect(Math.max(...gaps)).toBeLessThanOrEqual(30_000);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(stored()).toBe(1_200);
      expect(sent.filter((entry) => entry.event === "command:result")).toHaveLength(1);
      expect(outbox.commandIds()).toEqual([]);
      sender.stop();
    });

    it("keeps a result through retryable refusals, and gives up only after 10 final refusals", async () => {
      let resultRefusals = 0;
      const { socket } = storingSocket((event) => {
        if (event !== "command:result") return null;
        resultRefusals += 1;
        return resultRefusals <= 30 ? { ok: false, error: "store unavailable", retryable: true } : { ok: false, error: "unknown command" };
      });
      const sender = new OutboxSender(outbox, socket, 1_000, silentLogger);
      sender.start();
      for (let second = 0; second < 3_600 && resultRefusals < 39; second += 1) await vi.advanceTimersByTimeAsync(1_000);
      expect(resultRefusals).toBe(39);
      expect(outbox.commandIds()).toEqual([ID]);
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(resultRefusals).toBe(40);
      expect(outbox.commandIds()).toEqual([]);
      sender.stop();
    });
  });
});
