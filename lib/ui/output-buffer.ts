import type { OutputLine } from "@/lib/protocol/browser";

/** Lines per block: finished blocks keep their identity, so React redraws only the last one. */
export const OUTPUT_BLOCK_SIZE = 200;
/** Lines kept in the page; older ones are dropped (the download has everything). */
export const OUTPUT_MAX_LINES = 20_000;

/**
 * A command's output as the panel shows it: lines in `seq` order, each once, however often the
 * server repeats them (the watch reply and the live stream overlap). Lines are kept in blocks of
 * `OUTPUT_BLOCK_SIZE` so that appending a line makes one new block, not a new copy of everything.
 */
export class OutputBuffer {
  private blocks: (readonly OutputLine[])[] = [];
  private seen = new Set<number>();
  private lastSeq = 0;
  private count = 0;
  private dropped = 0;

  constructor(private readonly maxLines = OUTPUT_MAX_LINES, private readonly blockSize = OUTPUT_BLOCK_SIZE) {}

  /** Adds lines; returns whether anything was new. */
  append(lines: readonly OutputLine[]): boolean {
    const fresh = lines.filter((line) => !this.seen.has(line.seq));
    if (fresh.length === 0) return false;
    for (const line of fresh) this.seen.add(line.seq);
    fresh.sort((a, b) => a.seq - b.seq);
    if (fresh[0]!.seq > this.lastSeq) {
      this.push(fresh);
    } else {
      // A line older than the newest one arrived late: rebuild in order (rare).
      const all = [...this.blocks.flat(), ...fresh].sort((a, b) => a.seq - b.seq);
      this.blocks = [];
      this.count = 0;
      this.push(all);
    }
    this.trim();
    return true;
  }

  /** The blocks of lines, oldest first. A new array after every change; unchanged blocks keep their identity. */
  getBlocks(): readonly (readonly OutputLine[])[] {
    return this.blocks;
  }

  get size(): number {
    return this.count;
  }

  /** How many old lines were dropped to stay within the limit. */
  get droppedLines(): number {
    return this.dropped;
  }

  get highestSeq(): number {
    return this.lastSeq;
  }

  private push(lines: readonly OutputLine[]): void {
    const blocks = [...this.blocks];
    let last = blocks.length > 0 && blocks[blocks.length - 1]!.length < this.blockSize ? [...blocks.pop()!] : [];
    for (const line of lines) {
      last.push(line);
      if (last.length === this.blockSize) {
        blocks.push(last);
        last = [];
      }
    }
    if (last.length > 0) blocks.push(last);
    this.blocks = blocks;
    this.count += lines.length;
    this.lastSeq = Math.max(this.lastSeq, lines[lines.length - 1]!.seq);
  }

  private trim(): void {
    if (this.count <= this.maxLines) return;
    const blocks = [...this.blocks];
    // Whole blocks go first, so the blocks that stay keep their identity.
    while (blocks.length > 1 && this.count - blocks[0]!.length >= this.maxLines) {
      this.count -= blocks[0]!.length;
      this.dropped += blocks[0]!.length;
      blocks.shift();
    }
    this.blocks = blocks;
  }
}

/** One test of a test run, as the agent's progress notes tell it. */
export interface TestResult {
  name: string;
  state: "running" | "passed" | "failed" | "stopped";
  durationMs: number | null;
  /** "exit code 1", "SIGKILL": why a failed test failed, when the note says. */
  detail: string | null;
}

const TEST_NAME = String.raw`(T[^/\\]*?\.sh)`;
const STARTED = new RegExp(String.raw`^▶ ${TEST_NAME}$`);
const PASSED = new RegExp(String.raw`^✔ ${TEST_NAME} passed \((\d+) ms\)$`);
const FAILED = new RegExp(String.raw`^✘ ${TEST_NAME} (failed with (exit code -?\d+)|failed \((.+)\)|stopped) \((\d+) ms\)$`);

/**
 * Reads a test progress note of the agent (a `system` line: "▶ T01-boot.sh", "✔ T01-boot.sh passed
 * (12 ms)", "✘ T02-net.sh failed with exit code 1 (30 ms)"); null for any other line.
 */
export function parseTestNote(line: OutputLine): TestResult | null {
  if (line.stream !== "system") return null;
  const started = STARTED.exec(line.line);
  if (started) return { name: started[1]!, state: "running", durationMs: null, detail: null };
  const passed = PASSED.exec(line.line);
  if (passed) return { name: passed[1]!, state: "passed", durationMs: Number(passed[2]), detail: null };
  const failed = FAILED.exec(line.line);
  if (failed) {
    const stopped = failed[2] === "stopped";
    return {
      name: failed[1]!,
      state: stopped ? "stopped" : "failed",
      durationMs: Number(failed[5]),
      detail: failed[3] ?? failed[4] ?? null,
    };
  }
  return null;
}

/** Each test's latest state, in the order the tests started. */
export function collectTestResults(blocks: readonly (readonly OutputLine[])[]): TestResult[] {
  const results = new Map<string, TestResult>();
  for (const block of blocks) {
    for (const line of block) {
      const result = parseTestNote(line);
      if (result) results.set(result.name, result);
    }
  }
  return [...results.values()];
}
