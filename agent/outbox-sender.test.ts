import path from "node:path";
import type { Socket } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AgentToServerEvents, CommandOutputMessage, ServerToAgentEvents } from "../lib/protocol/index";
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
});
