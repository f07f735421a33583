import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testRegistration } from "../../test-support/agent-messages";
import { createLogger } from "../logger";
import type { OutputChunk } from "../protocol/agent";
import type { Store } from "../store/client";
import { createCommands, insertOutput } from "../store/commands";
import { createTestStore } from "../../test-support/test-store";
import { LiveFleet } from "./live-fleet";
import { OutputBacklog, WATCH_BACKLOG_LINES } from "./output-backlog";

const lines = (from: number, to: number): OutputChunk[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i, stream: i % 2 ? "stderr" : "stdout", line: `line ${from + i}` }));

describe("OutputBacklog", () => {
  let store: Store;
  let fleet: LiveFleet;
  let backlog: OutputBacklog;
  const id = crypto.randomUUID();

  beforeEach(async () => {
    store = await createTestStore();
    fleet = new LiveFleet(store, createLogger("error"));
    await fleet.start();
    await fleet.register(testRegistration("web-1"));
    await fleet.hostsStored();
    await createCommands(store, [{ id, hostName: "web-1", type: "switch", requestedBy: "admin" }]);
    backlog = new OutputBacklog(store);
  });

  afterEach(async () => {
    await fleet.stop();
    await store.$disconnect();
  });

  it("answers a watcher with the command and every stored line, as protocol shapes, after it started streaming", async () => {
    await insertOutput(store, id, lines(1, 3));
    const order: string[] = [];
    const watched = await backlog.watch(id, async () => void order.push("streaming"));
    expect(order).toEqual(["streaming"]);
    expect(watched).toEqual({
      command: expect.objectContaining({ id, hostName: "web-1", type: "switch", state: "queued", requestedBy: "admin" }),
      lines: [
        { seq: 1, stream: "stdout", line: "line 1" },
        { seq: 2, stream: "stderr", line: "line 2" },
        { seq: 3, stream: "stdout", line: "line 3" },
      ],
      truncated: false,
    });
    expect(typeof watched?.command.createdAt).toBe("number");
  });

  it("sends only the newest lines of a long output and says it left earlier ones out", async () => {
    await insertOutput(store, id, lines(1, WATCH_BACKLOG_LINES + 2));
    const watched = await backlog.watch(id, async () => undefined);
    expect(watched?.truncated).toBe(true);
    expect(watched?.lines).toHaveLength(WATCH_BACKLOG_LINES);
    expect(watched?.lines[0]?.seq).toBe(3);
    expect(watched?.lines.at(-1)?.seq).toBe(WATCH_BACKLOG_LINES + 2);
  });

  it("includes lines relayed to watchers but not stored yet, taken after streaming started, so a watcher joining meanwhile misses none", async () => {
    await insertOutput(store, id, lines(1, 3));
    let relayedUnstored: OutputChunk[] = [];
    const withUnstored = new OutputBacklog(store, () => relayedUnstored);
    const watched = await withUnstored.watch(id, async () => void (relayedUnstored = lines(3, 5)));
    expect(watched?.lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(watched?.lines.at(-1)).toEqual({ seq: 5, stream: "stdout", line: "line 5" });
  });

  it("answers null for an unknown command without starting to stream", async () => {
    let streaming = false;
    expect(await backlog.watch(crypto.randomUUID(), async () => void (streaming = true))).toBeNull();
    expect(streaming).toBe(false);
  });
});
