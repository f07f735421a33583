import { describe, expect, it } from "vitest";
import type { OutputChunk } from "../protocol/agent";
import type { OutputLine } from "../protocol/browser";
import { MAX_RUN_LINES, linesOf, runsOf, storedThroughOf, takeLinesAfter } from "./output-runs";

const lines = (from: number, to: number, stream: OutputChunk["stream"] = "stdout"): OutputChunk[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i, stream, line: `line ${from + i}` }));
const ranges = (runs: { firstSeq: number; lastSeq: number }[]) => runs.map(({ firstSeq, lastSeq }) => [firstSeq, lastSeq]);

describe("runsOf", () => {
  it("stores a contiguous batch as one run that reads back line for line, streams and odd text included", () => {
    const batch: OutputChunk[] = [
      { seq: 1, stream: "stdout", line: "building" },
      { seq: 2, stream: "stderr", line: 'warning: "quoted"\\ ✓' },
      { seq: 3, stream: "system", line: "" },
    ];
    const runs = runsOf(batch);
    expect(ranges(runs)).toEqual([[1, 3]]);
    expect(runs[0]!.chars).toBe(batch.reduce((sum, c) => sum + c.line.length, 0));
    expect(linesOf(runs[0]!)).toEqual(batch);
  });

  it("orders the lines, keeps the first of a seq given twice, and cuts at gaps", () => {
    const runs = runsOf([
      { seq: 5, stream: "stdout", line: "five" },
      { seq: 2, stream: "stdout", line: "two" },
      { seq: 1, stream: "stdout", line: "one" },
      { seq: 2, stream: "stdout", line: "two again" },
      { seq: 9, stream: "stdout", line: "nine" },
    ]);
    expect(ranges(runs)).toEqual([[1, 2], [5, 5], [9, 9]]);
    expect(runs.flatMap(linesOf).map((l) => l.line)).toEqual(["one", "two", "five", "nine"]);
  });

  it("leaves out lines a stored range already holds", () => {
    const runs = runsOf(lines(1, 10), [{ firstSeq: 3, lastSeq: 4 }, { firstSeq: 8, lastSeq: 20 }]);
    expect(ranges(runs)).toEqual([[1, 2], [5, 7]]);
    expect(runsOf(lines(3, 4), [{ firstSeq: 1, lastSeq: 5 }])).toEqual([]);
  });

  it(`cuts a run at ${MAX_RUN_LINES} lines`, () => {
    expect(ranges(runsOf(lines(1, MAX_RUN_LINES * 2 + 1)))).toEqual([[1, 500], [501, 1000], [1001, 1001]]);
  });

  it("refuses a line number that is not an integer", () => {
    expect(() => runsOf([{ seq: 1.5, stream: "stdout", line: "x" }])).toThrow("1.5");
  });
});

describe("storedThroughOf", () => {
  it("ends at the first gap, and at 0 when line 1 is missing", () => {
    expect(storedThroughOf([])).toBe(0);
    expect(storedThroughOf([{ firstSeq: 2, lastSeq: 9 }])).toBe(0);
    expect(storedThroughOf([{ firstSeq: 1, lastSeq: 4 }, { firstSeq: 5, lastSeq: 7 }, { firstSeq: 9, lastSeq: 12 }])).toBe(7);
  });

  it("goes over runs that overlap", () => {
    expect(storedThroughOf([{ firstSeq: 1, lastSeq: 10 }, { firstSeq: 3, lastSeq: 5 }, { firstSeq: 6, lastSeq: 14 }])).toBe(14);
  });
});

describe("takeLinesAfter", () => {
  it("gives each line above the mark once, in order, up to the limit, however the runs overlap", () => {
    const runs = [...runsOf(lines(1, 10)), ...runsOf(lines(5, 15)), ...runsOf(lines(20, 22))].sort((a, b) => a.firstSeq - b.firstSeq);
    const all: OutputLine[] = [];
    expect(takeLinesAfter(runs, 0, 100, all)).toBe(22);
    expect(all.map((l) => l.seq)).toEqual([...lines(1, 15), ...lines(20, 22)].map((l) => l.seq));

    const page: OutputLine[] = [];
    expect(takeLinesAfter(runs, 8, 4, page)).toBe(12);
    expect(page.map((l) => l.seq)).toEqual([9, 10, 11, 12]);
  });
});
