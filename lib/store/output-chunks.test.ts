import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { STORE_PROVIDERS, useTestStores } from "../../test-support/store-providers";
import type { OutputChunk } from "../protocol/agent";
import type { Store } from "./client";
import { createCommands } from "./commands";
import { findOutputMarks, insertOutput, insertOutputs, readOutput, readOutputTail } from "./output-chunks";
import { runsOf } from "./output-runs";
import { measureOutput } from "./output-size";

const lines = (from: number, to: number, text = "line"): OutputChunk[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i, stream: "stdout" as const, line: `${text} ${from + i}` }));

const openTestStore = useTestStores();

describe.each(STORE_PROVIDERS)("output stored in runs on %s", (provider) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(provider);
    await store.host.create({ data: { name: "web-1", platform: "nixos" } });
    await createCommands(store, [{ id: "cmd-1", hostName: "web-1", type: "switch", requestedBy: "admin" }]);
  });
  afterEach(() => store.$disconnect());

  it("stores a batch as one row per gap-free run, and only the missing lines of a resend", async () => {
    await insertOutput(store, "cmd-1", lines(1, 500));
    await insertOutput(store, "cmd-1", [...lines(498, 510, "again"), ...lines(520, 521)]);
    const rows = await store.commandOutputChunk.findMany({ orderBy: { firstSeq: "asc" }, select: { firstSeq: true, lastSeq: true } });
    expect(rows).toEqual([{ firstSeq: 1, lastSeq: 500 }, { firstSeq: 501, lastSeq: 510 }, { firstSeq: 520, lastSeq: 521 }]);
    expect((await readOutput(store, "cmd-1", 495, 10)).map((l) => l.line)).toEqual([
      "line 496", "line 497", "line 498", "line 499", "line 500", "again 501", "again 502", "again 503", "again 504", "again 505",
    ]);
    expect(await findOutputMarks(store, "cmd-1")).toEqual({ storedThrough: 510, highestSeen: 521 });
  });

  it("stores the batches of many commands together, each command's resent lines once", async () => {
    await createCommands(store, [{ id: "cmd-2", hostName: "web-1", type: "pull", requestedBy: "admin" }]);
    await insertOutput(store, "cmd-2", lines(1, 10, "stored"));
    await insertOutputs(store, [
      { commandId: "cmd-1", chunks: lines(1, 3) },
      { commandId: "cmd-2", chunks: lines(8, 12, "again") },
      { commandId: "cmd-1", chunks: lines(3, 4, "twice") },
      { commandId: "cmd-2", chunks: [] },
    ]);
    expect((await readOutput(store, "cmd-1", 0, 100)).map((l) => l.line)).toEqual(["line 1", "line 2", "line 3", "twice 4"]);
    expect((await readOutput(store, "cmd-2", 6, 100)).map((l) => l.line)).toEqual(["stored 7", "stored 8", "stored 9", "stored 10", "again 11", "again 12"]);
  });

  it("fills a gap with late lines, and counts every stored character once for the output limit", async () => {
    await insertOutput(store, "cmd-1", [...lines(1, 2), ...lines(5, 6)]);
    await insertOutput(store, "cmd-1", lines(1, 6));
    expect((await readOutput(store, "cmd-1", 0, 100)).map((l) => l.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await findOutputMarks(store, "cmd-1")).toEqual({ storedThrough: 6, highestSeen: 6 });
    expect(await measureOutput(store, "cmd-1")).toBe(lines(1, 6).reduce((sum, l) => sum + l.line.length, 0));
  });

  it("reads each line once, in order, when two stores of the same lines raced and their runs overlap", async () => {
    const raced = [...runsOf(lines(1, 300, "first")), ...runsOf(lines(200, 400, "second")), ...runsOf(lines(250, 260, "third"))];
    for (const run of raced) {
      await store.commandOutputChunk.create({ data: { commandId: "cmd-1", ...run } });
    }
    const all = await readOutput(store, "cmd-1", 0, 1_000);
    expect(all.map((l) => l.seq)).toEqual(lines(1, 400).map((l) => l.seq));
    expect(all[299]!.line).toBe("first 300");
    expect((await readOutput(store, "cmd-1", 100, 250)).map((l) => l.seq)).toEqual(lines(101, 350).map((l) => l.seq));
    expect((await readOutputTail(store, "cmd-1", 150)).map((l) => l.seq)).toEqual(lines(251, 400).map((l) => l.seq));
    expect((await readOutputTail(store, "cmd-1", 1_000)).map((l) => l.seq)).toEqual(lines(1, 400).map((l) => l.seq));
    expect((await findOutputMarks(store, "cmd-1")).storedThrough).toBe(400);
  });

  it("pages through output stored one line per row (as the migration converts it) as well as through runs", async () => {
    await store.commandOutputChunk.createMany({ data: lines(1, 700).map((line) => ({ commandId: "cmd-1", ...runsOf([line])[0]! })) });
    const page = await readOutput(store, "cmd-1", 10, 600);
    expect(page.map((l) => l.seq)).toEqual(lines(11, 610).map((l) => l.seq));
    expect((await readOutputTail(store, "cmd-1", 5)).map((l) => l.seq)).toEqual([696, 697, 698, 699, 700]);
  });
});
