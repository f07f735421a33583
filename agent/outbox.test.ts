import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CommandJournal } from "./journal";
import { createLogger, silentLogger } from "./log";
import { Outbox, type ChunkInput } from "./outbox";
import { temporaryDir } from "./test-support/fixtures";
import { canMountSmallFilesystems, mountSmallFilesystem, type SmallFilesystem } from "./test-support/small-filesystem";

const ID = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";

function lines(count: number, from = 1, stream: ChunkInput["stream"] = "stdout"): ChunkInput[] {
  return Array.from({ length: count }, (_, index) => ({ stream, line: `line ${from + index}` }));
}

/** Everything still in the outbox for a command, as the sender would see it batch after batch. */
function drain(outbox: Outbox, id: string) {
  return outbox.nextBatch(id, 1_000_000);
}

describe("Outbox", () => {
  let dir: string;
  let cleanup: () => void;
  const open = (maxBytes = 50 * 1024 * 1024) => new Outbox(path.join(dir, "outbox"), { maxBytes, log: silentLogger });

  beforeEach(() => ({ dir, cleanup } = temporaryDir()));
  afterEach(() => cleanup());

  it("numbers lines from 1 without gaps, across segments, and keeps their streams and test progress", () => {
    const outbox = open();
    outbox.begin(ID, "test", 1);
    outbox.append(ID, lines(1_200));
    outbox.append(ID, [{ stream: "system", line: "▶ T1.sh", test: { name: "T1.sh", state: "running" } }]);
    outbox.commit();
    const chunks = drain(outbox, ID);
    expect(chunks.map((chunk) => chunk.seq)).toEqual(Array.from({ length: 1_201 }, (_, index) => index + 1));
    expect(chunks[0]).toEqual({ seq: 1, stream: "stdout", line: "line 1" });
    expect(chunks[1_200]).toEqual({ seq: 1_201, stream: "system", line: "▶ T1.sh", test: { name: "T1.sh", state: "running" } });
    expect(outbox.nextBatch(ID)).toHaveLength(500);
  });

  it("shows only committed lines and commits on its own shortly after an append", async () => {
    const outbox = open();
    let commits = 0;
    outbox.onCommitted = () => (commits += 1);
    outbox.begin(ID, "pull", 1);
    outbox.append(ID, lines(3));
    expect(drain(outbox, ID)).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(drain(outbox, ID)).toHaveLength(3);
    expect(commits).toBe(1);
  });

  it("forgets exactly what was acknowledged, also after reopening", () => {
    const outbox = open();
    outbox.begin(ID, "pull", 1);
    outbox.append(ID, lines(1_600));
    outbox.commit();
    outbox.acknowledge(ID, 1_100);
    expect(drain(outbox, ID)[0]?.seq).toBe(1_101);
    const segments = readdirSync(path.join(dir, "outbox", ID)).filter((file) => file.startsWith("seg-"));
    expect(segments.length).toBeLessThan(4);
    const reopened = open();
    const chunks = drain(reopened, ID);
    expect(chunks.map((chunk) => chunk.seq)).toEqual(Array.from({ length: 500 }, (_, index) => 1_101 + index));
    expect(chunks.at(-1)?.line).toBe("line 1600");
    reopened.acknowledge(ID, 99_999);
    expect(reopened.ackedThrough(ID)).toBe(1_600);
  });

  it("survives a crash in the middle of a write: a torn line is cut, uncommitted lines never appear", () => {
    // Fake timers keep the "crashed" instance from committing its queued lines later.
    vi.useFakeTimers();
    const outbox = open();
    outbox.begin(ID, "switch", 1);
    outbox.append(ID, lines(10), 1_000);
    outbox.commit();
    outbox.append(ID, lines(5, 11));
    // The crash: queued lines never committed, and a torn write at the end of the segment.
    appendFileSync(path.join(dir, "outbox", ID, "seg-0.jsonl"), '{"s":"stdout","l":"line 11"}\n{"s":"std');
    const reopened = open();
    expect(drain(reopened, ID).map((chunk) => chunk.line)).toEqual(lines(10).map((chunk) => chunk.line));
    expect(reopened.cursor(ID)).toBe(1_000);
    reopened.append(ID, lines(1, 11));
    reopened.commit();
    expect(drain(reopened, ID).at(-1)).toEqual({ seq: 11, stream: "stdout", line: "line 11" });
    vi.clearAllTimers();
    vi.useRealTimers();
  });

  it("sends a result only after all its output was acknowledged, and forgets the command with it", () => {
    const outbox = open();
    outbox.begin(ID, "pull", 5);
    outbox.append(ID, lines(3));
    const result = { commandId: ID, type: "pull" as const, state: "succeeded" as const, exitCode: 0, startedAt: 5, durationMs: 10 };
    outbox.finish(ID, result);
    expect(outbox.readyResult(ID)).toBeNull();
    outbox.acknowledge(ID, 2);
    expect(outbox.readyResult(ID)).toBeNull();
    outbox.acknowledge(ID, 3);
    expect(open().readyResult(ID)).toEqual({ ...result, lastSeq: 3 });
    expect(() => outbox.append(ID, lines(1))).toThrow(/already has its result/);
    outbox.forget(ID);
    expect(existsSync(path.join(dir, "outbox", ID))).toBe(false);
    expect(open().commandIds()).toEqual([]);
  });

  it("lists commands oldest first and keeps them apart", () => {
    const outbox = open();
    outbox.begin(OTHER, "test", 20);
    outbox.begin(ID, "pull", 10);
    outbox.append(ID, lines(2));
    outbox.append(OTHER, lines(1, 100));
    outbox.commit();
    expect(outbox.commandIds()).toEqual([ID, OTHER]);
    expect(drain(outbox, OTHER)).toEqual([{ seq: 1, stream: "stdout", line: "line 100" }]);
  });

  it("stays within its bound by replacing the oldest unsent lines with one marker, keeping seq gap-free", () => {
    const maxBytes = 64 * 1024;
    const outbox = open(maxBytes);
    outbox.begin(ID, "switch", 1);
    outbox.append(ID, lines(300));
    outbox.commit();
    outbox.markSent(ID, 300);
    for (let from = 301; from <= 10_000; from += 100) outbox.append(ID, lines(100, from));
    outbox.commit();
    expect(outbox.sizeBytes()).toBeLessThan(maxBytes * 1.2);

    const chunks = drain(outbox, ID);
    expect(chunks.map((chunk) => chunk.seq)).toEqual(Array.from({ length: chunks.length }, (_, index) => index + 1));
    const markers = chunks.filter((chunk) => chunk.stream === "system");
    expect(markers).toHaveLength(1);
    const markerSeq = markers[0]?.seq ?? 0;
    const dropped = Number(/… (\d+) lines dropped/.exec(markers[0]?.line ?? "")?.[1]);
    // Lines already sent keep their numbers and text: the marker comes after them.
    expect(markerSeq).toBeGreaterThan(300);
    expect(chunks.slice(0, markerSeq - 1).map((chunk) => chunk.line)).toEqual(lines(markerSeq - 1).map((chunk) => chunk.line));
    // Every line is either kept or counted by the marker; the newest survive, in order.
    expect(chunks.length - 1 + dropped).toBe(10_000);
    expect(chunks[markerSeq]?.line).toBe(`line ${markerSeq + dropped}`);
    expect(chunks.at(-1)?.line).toBe("line 10000");

    const reopened = open(maxBytes);
    expect(drain(reopened, ID)).toEqual(chunks);
  });

  it("drops a marker's lines again into one marker when the outbox overflows twice", () => {
    const outbox = open(32 * 1024);
    outbox.begin(ID, "switch", 1);
    for (let from = 1; from <= 4_000; from += 100) outbox.append(ID, lines(100, from));
    outbox.commit();
    for (let from = 4_001; from <= 8_000; from += 100) outbox.append(ID, lines(100, from));
    outbox.commit();
    const chunks = drain(outbox, ID);
    const markers = chunks.filter((chunk) => chunk.stream === "system");
    expect(markers).toHaveLength(1);
    const dropped = Number(/… (\d+) lines dropped/.exec(markers[0]?.line ?? "")?.[1]);
    expect(chunks.length - 1 + dropped).toBe(8_000);
  });

  it("delivers lines at once when the disk refuses a segment write, and writes them once it works again", () => {
    vi.useFakeTimers();
    const outbox = open();
    outbox.begin(ID, "switch", 1);
    outbox.append(ID, lines(600));
    outbox.commit();
    // A segment path that cannot be written (a directory in its way) stands in for a broken disk.
    const blocked = path.join(dir, "outbox", ID, "seg-2.jsonl");
    mkdirSync(blocked);
    outbox.append(ID, lines(600, 601));
    outbox.commit();
    const chunks = drain(outbox, ID);
    expect(chunks.map((chunk) => chunk.line)).toEqual(lines(1_200).map((chunk) => chunk.line));
    // Until the disk has them, meta.json on disk does not count them.
    const onDisk = JSON.parse(readFileSync(path.join(dir, "outbox", ID, "meta.json"), "utf8")) as { segments: { lines: number }[] };
    expect(onDisk.segments.reduce((sum, segment) => sum + segment.lines, 0)).toBe(600);
    rmdirSync(blocked);
    vi.advanceTimersByTime(1_000);
    expect(open().nextBatch(ID, 10_000)).toEqual(chunks);
    vi.useRealTimers();
  });

  describe("with a corrupt meta.json", () => {
    const result = { commandId: ID, type: "switch" as const, state: "succeeded" as const, exitCode: 0, startedAt: 1, durationMs: 2 };
    const corrupt = () => writeFileSync(path.join(dir, "outbox", ID, "meta.json"), "\u0000garbage{");

    it("rebuilds it from the segments: every intact line keeps its seq, the result is kept", () => {
      const outbox = open();
      outbox.begin(ID, "switch", 1);
      for (let from = 1; from <= 18_000; from += 500) outbox.append(ID, lines(500, from));
      outbox.finish(ID, result);
      outbox.markSent(ID, 1_500);
      outbox.acknowledge(ID, 1_000);
      corrupt();
      const reopened = open();
      const chunks = drain(reopened, ID);
      expect(chunks.map((chunk) => chunk.seq)).toEqual(Array.from({ length: 17_000 }, (_, index) => 1_001 + index));
      expect(chunks.map((chunk) => chunk.line)).toEqual(lines(17_000, 1_001).map((chunk) => chunk.line));
      reopened.acknowledge(ID, 18_000);
      expect(reopened.readyResult(ID)).toEqual({ ...result, lastSeq: 18_000 });
    });

    it("keeps the lines and the result written by the very step that left meta.json corrupt", () => {
      const outbox = open();
      outbox.begin(ID, "switch", 1);
      outbox.append(ID, lines(700));
      outbox.commit();
      outbox.acknowledge(ID, 200);
      outbox.append(ID, lines(400, 701));
      outbox.finish(ID, result);
      corrupt();
      const reopened = open();
      expect(drain(reopened, ID).map((chunk) => [chunk.seq, chunk.line])).toEqual(lines(1_100).slice(200).map((chunk, index) => [201 + index, chunk.line]));
      reopened.acknowledge(ID, 1_100);
      expect(reopened.readyResult(ID)).toEqual({ ...result, lastSeq: 1_100 });
    });

    it("keeps the numbering of lines after a drop that the corrupt meta.json recorded", () => {
      const outbox = open(32 * 1024);
      outbox.begin(ID, "switch", 1);
      outbox.append(ID, lines(300));
      outbox.commit();
      outbox.markSent(ID, 300);
      for (let from = 301; from <= 4_000; from += 100) outbox.append(ID, lines(100, from));
      outbox.commit();
      const before = drain(outbox, ID);
      expect(before.some((chunk) => chunk.stream === "system")).toBe(true);
      corrupt();
      expect(drain(open(32 * 1024), ID)).toEqual(before);
    });

    it("never deletes a command folder it cannot read at all, and starts anyway", () => {
      const outbox = open();
      outbox.begin(ID, "pull", 1);
      outbox.append(ID, lines(10));
      outbox.commit();
      for (const file of readdirSync(path.join(dir, "outbox", ID))) if (file.startsWith("meta")) writeFileSync(path.join(dir, "outbox", ID, file), "{not json");
      expect(open().commandIds()).toEqual([]);
      expect(readdirSync(path.join(dir, "outbox", ID))).toContain("seg-0.jsonl");
    });
  });
});

describe.runIf(canMountSmallFilesystems())("Outbox on a filesystem that fails (a real tmpfs)", () => {
  let dir: string;
  let cleanup: () => void;
  let fs: SmallFilesystem;
  let logLines: string[];
  const result = { commandId: ID, type: "switch" as const, state: "succeeded" as const, exitCode: 0, startedAt: 1, durationMs: 2 };
  const open = (maxBytes = 50 * 1024 * 1024) =>
    new Outbox(path.join(fs.dir, "outbox"), { maxBytes, log: createLogger("info", (line) => logLines.push(line)) });

  beforeEach(() => {
    ({ dir, cleanup } = temporaryDir());
    logLines = [];
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    fs.unmount();
    cleanup();
  });

  it("goes on in memory when the disk turns read-only mid-command: delivery, acks, result and forget all work", () => {
    fs = mountSmallFilesystem(path.join(dir, "state"), 16 * 1024 * 1024);
    const outbox = open();
    outbox.begin(ID, "switch", 1);
    outbox.append(ID, lines(600));
    outbox.commit();
    fs.readOnly();
    for (let from = 601; from <= 20_000; from += 100) {
      outbox.append(ID, lines(100, from));
      outbox.commit();
    }
    const first = outbox.nextBatch(ID);
    outbox.markSent(ID, first.at(-1)?.seq ?? 0);
    outbox.acknowledge(ID, 10_000);
    outbox.finish(ID, result);
    expect(drain(outbox, ID).map((chunk) => chunk.line)).toEqual(lines(10_000, 10_001).map((chunk) => chunk.line));
    outbox.acknowledge(ID, 20_000);
    expect(outbox.readyResult(ID)).toEqual({ ...result, lastSeq: 20_000 });
    expect(logLines.filter((line) => line.includes("event=outbox.write_failed"))).toHaveLength(1);

    // Back to writable: what memory held reaches the disk, and a restart sees it.
    fs.writable();
    vi.advanceTimersByTime(60_000);
    expect(open().readyResult(ID)).toEqual({ ...result, lastSeq: 20_000 });
    expect(logLines.some((line) => line.includes("event=outbox.write_recovered"))).toBe(true);
    fs.readOnly();
    outbox.forget(ID);
    expect(outbox.commandIds()).toEqual([]);
    fs.writable();
    vi.advanceTimersByTime(60_000);
    expect(existsSync(path.join(fs.dir, "outbox", ID))).toBe(false);
  });

  it("runs a command begun on a read-only disk in memory", () => {
    fs = mountSmallFilesystem(path.join(dir, "state"), 1024 * 1024);
    open();
    fs.readOnly();
    const outbox = open();
    outbox.begin(ID, "pull", 1);
    outbox.append(ID, lines(700));
    outbox.finish(ID, { ...result, type: "pull" });
    expect(drain(outbox, ID)).toHaveLength(700);
    outbox.acknowledge(ID, 700);
    expect(outbox.readyResult(ID)).toMatchObject({ lastSeq: 700 });
    fs.writable();
    vi.advanceTimersByTime(60_000);
    expect(open().readyResult(ID)).toMatchObject({ lastSeq: 700 });
  });

  it("keeps every line of a command in memory when the disk is full, logging it once a minute", () => {
    fs = mountSmallFilesystem(path.join(dir, "state"), 64 * 1024);
    const outbox = open();
    outbox.begin(ID, "switch", 1);
    for (let from = 1; from <= 5_000; from += 50) {
      outbox.append(ID, lines(50, from));
      outbox.commit();
      vi.advanceTimersByTime(20);
    }
    expect(drain(outbox, ID).map((chunk) => chunk.line)).toEqual(lines(5_000).map((chunk) => chunk.line));
    expect(logLines.filter((line) => line.includes("event=outbox.write_failed")).length).toBeLessThanOrEqual(2);
  });
});

describe.runIf(canMountSmallFilesystems())("CommandJournal on a read-only disk (a real tmpfs)", () => {
  it("keeps the command going: a write the disk refuses is logged, not thrown", () => {
    const { dir, cleanup } = temporaryDir();
    const fs = mountSmallFilesystem(path.join(dir, "state"), 64 * 1024);
    try {
      const logLines: string[] = [];
      const journal = new CommandJournal(fs.dir, createLogger("info", (line) => logLines.push(line)));
      const entry = { id: ID, type: "switch" as const, startedAt: 3, step: "switch", pid: 123, outputFile: null, exitFile: null, stopRequested: false, safety: null };
      journal.write(entry);
      fs.readOnly();
      expect(() => journal.write({ ...entry, pid: 456 })).not.toThrow();
      expect(() => journal.clear()).not.toThrow();
      expect(logLines.filter((line) => line.includes("event=journal.write_failed"))).toHaveLength(1);
      expect(journal.read()).toEqual(entry);
    } finally {
      fs.unmount();
      cleanup();
    }
  });
});

describe("CommandJournal", () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = temporaryDir()));
  afterEach(() => cleanup());

  it("keeps the running command across instances until cleared, and treats a damaged file as empty", () => {
    const journal = new CommandJournal(dir, silentLogger);
    expect(journal.read()).toBeNull();
    const entry = { id: ID, type: "switch" as const, startedAt: 3, step: "switch", pid: 123, outputFile: "/o", exitFile: "/e", stopRequested: false, safety: null };
    journal.write(entry);
    expect(new CommandJournal(dir, silentLogger).read()).toEqual(entry);
    journal.clear();
    expect(journal.read()).toBeNull();
    writeFileSync(journal.file, '{"version":1,"command":{"id":');
    expect(journal.read()).toBeNull();
    expect(readdirSync(dir).filter((file) => file.includes(".tmp"))).toEqual([]);
  });
});
