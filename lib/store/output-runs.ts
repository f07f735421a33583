import type { OutputChunk } from "../protocol/agent";
import type { OutputLine } from "../protocol/browser";

/**
 * Lines of one stored run at most (an agent's batch is at most 500). A run holding seq s therefore
 * starts after s - MAX_RUN_LINES, which bounds every lookup by seq to a short range of the index.
 */
export const MAX_RUN_LINES = 500;

/** The seqs a stored run holds: firstSeq through lastSeq, every one. */
export interface RunRange {
  firstSeq: number;
  lastSeq: number;
}

/** A run as its row holds it. */
export interface OutputRun extends RunRange {
  /** One letter per line for its stream (STREAM_LETTERS). */
  streams: string;
  /** The lines' texts, a JSON array of strings. */
  lines: string;
  /** The lines' characters, summed. */
  chars: number;
}

const STREAM_LETTERS: Record<OutputChunk["stream"], string> = { stdout: "o", stderr: "e", system: "s" };
const LETTER_STREAMS: Record<string, OutputLine["stream"]> = { o: "stdout", e: "stderr", s: "system" };

function checkSeq(seq: number): void {
  if (!Number.isSafeInteger(seq)) throw new Error(`output line number ${seq} is not an integer`);
}

/**
 * The runs that store a batch: its lines in seq order, each seq once (the first one given), none
 * that a stored range already holds, cut at every gap and every MAX_RUN_LINES lines.
 */
export function runsOf(chunks: readonly OutputChunk[], stored: readonly RunRange[] = []): OutputRun[] {
  const bySeq = new Map<number, OutputChunk>();
  for (const chunk of chunks) {
    checkSeq(chunk.seq);
    if (!bySeq.has(chunk.seq) && !stored.some((r) => chunk.seq >= r.firstSeq && chunk.seq <= r.lastSeq)) bySeq.set(chunk.seq, chunk);
  }
  const ordered = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  const runs: OutputRun[] = [];
  let current: OutputChunk[] = [];
  const close = () => {
    if (current.length === 0) return;
    runs.push({
      firstSeq: current[0]!.seq,
      lastSeq: current[current.length - 1]!.seq,
      streams: current.map((c) => STREAM_LETTERS[c.stream]).join(""),
      lines: JSON.stringify(current.map((c) => c.line)),
      chars: current.reduce((sum, c) => sum + c.line.length, 0),
    });
    current = [];
  };
  for (const chunk of ordered) {
    const previous = current[current.length - 1];
    if (previous && (chunk.seq !== previous.seq + 1 || current.length === MAX_RUN_LINES)) close();
    current.push(chunk);
  }
  close();
  return runs;
}

/** A stored run's lines, in order. */
export function linesOf(run: Pick<OutputRun, "firstSeq" | "streams" | "lines">): OutputLine[] {
  const texts = JSON.parse(run.lines) as string[];
  return texts.map((line, i) => ({ seq: run.firstSeq + i, stream: LETTER_STREAMS[run.streams[i] ?? "o"] ?? "stdout", line }));
}

/** The highest seq up to which every line is stored, given the stored ranges in firstSeq order. */
export function storedThroughOf(ranges: readonly RunRange[]): number {
  let mark = 0;
  for (const range of ranges) {
    if (range.firstSeq > mark + 1) break;
    mark = Math.max(mark, range.lastSeq);
  }
  return mark;
}

/**
 * Appends the runs' lines above `afterSeq` to `into`, each seq once, given runs in firstSeq order
 * (runs that overlap, from a raced store, give each line once); stops at `limit` lines. Returns the
 * last seq taken (or `afterSeq`).
 */
export function takeLinesAfter(runs: readonly OutputRun[], afterSeq: number, limit: number, into: OutputLine[]): number {
  let cursor = afterSeq;
  for (const run of runs) {
    if (run.lastSeq <= cursor) continue;
    for (const line of linesOf(run)) {
      if (into.length >= limit) return cursor;
      if (line.seq <= cursor) continue;
      into.push(line);
      cursor = line.seq;
    }
  }
  return cursor;
}
