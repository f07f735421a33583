import { describe, expect, it } from "vitest";
import type { OutputLine } from "@/lib/protocol/browser";
import { OutputBuffer, collectTestResults, parseTestNote } from "./output-buffer";

const line = (seq: number, text = `line ${seq}`, stream: OutputLine["stream"] = "stdout"): OutputLine => ({ seq, stream, line: text });
const seqs = (buffer: OutputBuffer) => buffer.getBlocks().flat().map((l) => l.seq);

describe("OutputBuffer", () => {
  it("keeps each line once, whatever is repeated", () => {
    const buffer = new OutputBuffer();
    expect(buffer.append([line(1), line(2)])).toBe(true);
    expect(buffer.append([line(2), line(1)])).toBe(false);
    expect(buffer.append([line(2), line(3)])).toBe(true);
    expect(seqs(buffer)).toEqual([1, 2, 3]);
    expect(buffer.size).toBe(3);
    expect(buffer.highestSeq).toBe(3);
  });

  it("puts a late line back in seq order", () => {
    const buffer = new OutputBuffer(100, 2);
    buffer.append([line(1), line(2), line(4), line(5)]);
    buffer.append([line(3)]);
    expect(seqs(buffer)).toEqual([1, 2, 3, 4, 5]);
  });

  it("sorts lines that arrive out of order in one batch", () => {
    const buffer = new OutputBuffer();
    buffer.append([line(3), line(1), line(2)]);
    expect(seqs(buffer)).toEqual([1, 2, 3]);
  });

  it("keeps full blocks as they were when lines are appended", () => {
    const buffer = new OutputBuffer(100, 2);
    buffer.append([line(1), line(2), line(3)]);
    const [first, second] = buffer.getBlocks();
    buffer.append([line(4), line(5)]);
    const blocks = buffer.getBlocks();
    expect(blocks[0]).toBe(first);
    expect(blocks[1]).not.toBe(second);
    expect(blocks.map((b) => b.length)).toEqual([2, 2, 1]);
  });

  it("drops the oldest blocks beyond its limit and counts them", () => {
    const buffer = new OutputBuffer(4, 2);
    buffer.append(Array.from({ length: 9 }, (_, i) => line(i + 1)));
    expect(seqs(buffer)).toEqual([5, 6, 7, 8, 9]);
    expect(buffer.droppedLines).toBe(4);
    // A dropped line sent again does not come back.
    expect(buffer.append([line(1)])).toBe(false);
  });
});

describe("test progress notes", () => {
  const system = (seq: number, text: string) => line(seq, text, "system");

  it("reads started, passed, failed and stopped notes", () => {
    expect(parseTestNote(system(1, "▶ T01-boot.sh"))).toEqual({ name: "T01-boot.sh", state: "running", durationMs: null, detail: null });
    expect(parseTestNote(system(2, "✔ T01-boot.sh passed (12 ms)"))).toEqual({ name: "T01-boot.sh", state: "passed", durationMs: 12, detail: null });
    expect(parseTestNote(system(3, "✘ T02 net.sh failed with exit code 3 (30 ms)"))).toEqual({
      name: "T02 net.sh",
      state: "failed",
      durationMs: 30,
      detail: "exit code 3",
    });
    expect(parseTestNote(system(4, "✘ T03.sh failed (SIGKILL) (5 ms)"))).toMatchObject({ state: "failed", detail: "SIGKILL" });
    expect(parseTestNote(system(5, "✘ T04.sh stopped (5 ms)"))).toMatchObject({ state: "stopped", detail: null });
  });

  it("ignores other lines, and test-like text on stdout", () => {
    expect(parseTestNote(system(1, "tests: 1 passed, 1 failed"))).toBeNull();
    expect(parseTestNote(line(2, "✔ T01.sh passed (12 ms)"))).toBeNull();
  });

  it("collects each test's latest state in start order", () => {
    const results = collectTestResults([
      [system(1, "▶ T01.sh"), system(2, "✔ T01.sh passed (3 ms)"), system(3, "▶ T02.sh")],
      [line(4, "output"), system(5, "✘ T02.sh failed with exit code 1 (7 ms)"), system(6, "▶ T03.sh")],
    ]);
    expect(results.map((r) => [r.name, r.state])).toEqual([
      ["T01.sh", "passed"],
      ["T02.sh", "failed"],
      ["T03.sh", "running"],
    ]);
  });
});
