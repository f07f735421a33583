import { EventEmitter } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../logger";
import { agentMessageSchemas, type Ack } from "../protocol/agent";
import { browserMessageSchemas } from "../protocol/browser";
import { eventsOf, type MessageSchemas } from "../protocol/events";
import { agentMessageHandlers } from "./agent/handlers";
import { browserMessageHandlers } from "./browser/handlers";
import { handleMessages, refuseUnknownEvents, type MessageHandlers } from "./handle-message";
import { HandlerQueue } from "./handler-queue";

interface TestEvents {
  add: (message: { a: number; b: number }, ack: (reply: { ok: true; sum: number } | { ok: false; error: string }) => void) => void;
  fail: (message: { why: string }, ack: (reply: Ack) => void) => void;
}
const schemas = {
  add: z.object({ a: z.number(), b: z.number() }),
  fail: z.object({ why: z.string() }),
} as const satisfies MessageSchemas<TestEvents>;
const handlers: MessageHandlers<TestEvents, { offset: number }> = {
  add: ({ offset }, { a, b }) => ({ ok: true, sum: a + b + offset }),
  fail: (_context, { why }) => {
    throw new Error(why);
  },
};

/** An event source like a socket; `send` emits and resolves with what the ack was called with. */
class TestSocket extends EventEmitter {
  private readonly anyListeners: ((event: string, ...args: unknown[]) => void)[] = [];
  onAny(listener: (event: string, ...args: unknown[]) => void) {
    this.anyListeners.push(listener);
  }
  send(event: string, message: unknown): Promise<unknown> {
    return new Promise((resolve) => {
      for (const listener of this.anyListeners) listener(event, message, resolve);
      this.emit(event, message, resolve);
    });
  }
}

function attach() {
  const socket = new TestSocket();
  const invalid: string[] = [];
  handleMessages(socket, schemas, handlers, { offset: 100 }, { log: createLogger("error", () => undefined), peer: "test", onInvalid: (e) => invalid.push(e) });
  return { socket, invalid };
}

describe("handleMessages", () => {
  it("hands every event of the map, checked, to its handler with the connection's context", async () => {
    const { socket } = attach();
    expect(await socket.send("add", { a: 1, b: 2 })).toEqual({ ok: true, sum: 103 });
  });

  it("answers a payload that fails its schema with the schema's error, never reaching the handler", async () => {
    const { socket } = attach();
    expect(await socket.send("add", { a: "1", b: 2 })).toEqual({ ok: false, error: expect.stringMatching(/^invalid message: a: /) });
  });

  it("answers a handler that throws with a retryable internal error and no detail", async () => {
    const { socket } = attach();
    expect(await socket.send("fail", { why: "store unavailable at /secret/path" })).toEqual({
      ok: false, error: "internal error: the dashboard could not handle this message", retryable: true,
    });
  });

  it("runs an event's arrival step at once with the checked payload, while its handler waits its turn in the queue", async () => {
    const socket = new TestSocket();
    const arrived: unknown[] = [];
    const queue = new HandlerQueue();
    const options = { log: createLogger("error", () => undefined), peer: "test", onInvalid: () => undefined, queue };
    handleMessages(socket, schemas, handlers, { offset: 100 }, options, { add: (_context, message) => arrived.push(message) });

    const reply = socket.send("add", { a: 1, b: 2 });
    expect(arrived).toEqual([{ a: 1, b: 2 }]);
    expect(queue.waiting).toBe(1);
    expect(await reply).toEqual({ ok: true, sum: 103 });
    expect(await socket.send("add", { a: "1" })).toEqual({ ok: false, error: expect.stringMatching(/^invalid message/) });
    expect(arrived).toHaveLength(1);
  });

  it("refuses an event outside the map, on its ack", async () => {
    const socket = new TestSocket();
    const refused: string[] = [];
    refuseUnknownEvents(socket, schemas, (event) => refused.push(event));
    expect(await socket.send("subtract", { a: 1 })).toEqual({ ok: false, error: 'unknown event "subtract"' });
    socket.emit("add", {});
    expect(refused).toEqual([]);
  });
});

describe("the gateway's handler maps", () => {
  it("have one handler per event of their schema map, and no other", () => {
    expect(Object.keys(agentMessageHandlers)).toEqual(eventsOf(agentMessageSchemas));
    expect(Object.keys(browserMessageHandlers)).toEqual(eventsOf(browserMessageSchemas));
  });

  it("are the only way the gateway receives events: no module registers one by name", () => {
    const gateway = import.meta.dirname;
    const sources = readdirSync(gateway, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "handle-message.ts");
    const byName = sources.flatMap((file) => {
      const text = readFileSync(path.join(gateway, file), "utf8");
      const registrations = [...text.matchAll(/\.on\("([^"]+)"|handleMessage\(/g)].map((match) => match[1] ?? "handleMessage(");
      // Socket.IO's own events are not messages of a peer.
      return registrations.filter((event) => event !== "connection" && event !== "disconnect").map((event) => `${file}: ${event}`);
    });
    expect(byName).toEqual([]);
  });
});
