import { appendFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, truncateSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import {
  COMMAND_TYPES,
  MAX_CHUNKS_PER_MESSAGE,
  outputChunkSchema,
  testProgressSchema,
  type CommandResult,
  type CommandType,
  type OutputChunk,
  type TestProgress,
} from "../lib/protocol/index";
import { writeFileAtomic } from "./atomic-file";
import { errorMessage, type Logger } from "./log";

/**
 * The on-disk outbox: every output line and every result the agent produces goes here first and
 * stays until the dashboard acknowledged storing it, so nothing is lost while the dashboard is down
 * or the agent restarts.
 *
 * Layout, one folder per command (`outbox/<commandId>/`):
 * - `seg-<n>.jsonl`: output lines, one JSON object each, without their seq;
 * - `meta.json`: the commit point, rewritten atomically: which segments exist, the seq of each
 *   segment's first line, how many lines and bytes of each are committed, what was acknowledged and
 *   sent, the producer's cursor, and the result once known.
 * Lines are appended to the last segment first and counted in meta.json after; bytes beyond what
 * meta.json counts are a torn write and cut off at load. Seq numbers are never stored in the lines:
 * a line's seq is its segment's first seq plus its index, which lets the outbox replace unsent
 * segments by one "lines dropped" marker when it outgrows its bound and still number every line
 * without a gap.
 */

export type ChunkInput = Omit<OutputChunk, "seq">;
export type ResultRecord = Omit<CommandResult, "lastSeq">;

export interface OutboxOptions {
  maxBytes: number;
  log: Logger;
  /** Delay that gathers lines into one write; the dashboard sees only committed lines. */
  commitDelayMs?: number;
}

/** A line as stored: short keys, because a 10,000-line build log is mostly this overhead. */
interface StoredLine {
  s: ChunkInput["stream"];
  l: string;
  t?: TestProgress;
}

const segmentSchema = z.object({
  id: z.number().int().nonnegative(),
  firstSeq: z.number().int().positive(),
  lines: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** Set on a marker segment: how many lines its one line stands for. */
  dropped: z.number().int().positive().optional(),
});
type Segment = z.infer<typeof segmentSchema>;

const resultRecordSchema = z.object({
  commandId: z.string(),
  type: z.enum(COMMAND_TYPES),
  state: z.enum(["succeeded", "failed", "cancelled"]),
  exitCode: z.number().int().nullable(),
  startedAt: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative(),
  tests: z.array(testProgressSchema).optional(),
});

const metaSchema = z.object({
  version: z.literal(1),
  commandId: z.string(),
  type: z.enum(COMMAND_TYPES),
  startedAt: z.number().int().nonnegative(),
  ackedThrough: z.number().int().nonnegative(),
  /** Lines up to here may be in the dashboard already: their seq can never change again. */
  sentThrough: z.number().int().nonnegative(),
  segments: z.array(segmentSchema).min(1),
  nextSegmentId: z.number().int().nonnegative(),
  cursor: z.number().int().nonnegative().nullable(),
  result: resultRecordSchema.nullable(),
});
type Meta = z.infer<typeof metaSchema>;

const storedLineSchema = z.object({ s: z.enum(["stdout", "stderr", "system"]), l: z.string(), t: testProgressSchema.optional() });

interface CommandBox {
  dir: string;
  meta: Meta;
  /** The committed lines of the last segment, so live streaming never rereads files. */
  activeLines: StoredLine[];
  pending: StoredLine[];
  pendingCursor: number | null;
}

const SEGMENT_MAX_LINES = MAX_CHUNKS_PER_MESSAGE;
/** After a failed write (disk full), queued lines are tried again this much later. */
const RETRY_COMMIT_MS = 1_000;

function lastSeqOf(meta: Meta): number {
  const last = meta.segments[meta.segments.length - 1];
  return last === undefined ? 0 : last.firstSeq + last.lines - 1;
}

function encode(line: StoredLine): string {
  return JSON.stringify(line) + "\n";
}

function markerLine(dropped: number, maxBytes: number): StoredLine {
  const megabytes = Math.max(1, Math.round(maxBytes / (1024 * 1024)));
  return {
    s: "system",
    l: `… ${dropped} lines dropped: the dashboard did not take output fast enough and the agent keeps at most ${megabytes} MB of it …`,
  };
}

export class Outbox {
  private readonly boxes = new Map<string, CommandBox>();
  private readonly maxBytes: number;
  private readonly segmentMaxBytes: number;
  private readonly commitDelayMs: number;
  private readonly log: Logger;
  private totalBytes = 0;
  private commitTimer: NodeJS.Timeout | null = null;
  private readCache: { dir: string; segmentId: number; lines: StoredLine[] } | null = null;
  /** Called after lines or a result were committed, so the sender can wake up. */
  onCommitted: () => void = () => {};

  constructor(
    private readonly root: string,
    options: OutboxOptions,
  ) {
    this.maxBytes = options.maxBytes;
    this.segmentMaxBytes = Math.min(1024 * 1024, Math.max(4096, Math.floor(options.maxBytes / 16)));
    this.commitDelayMs = options.commitDelayMs ?? 20;
    this.log = options.log;
    mkdirSync(root, { recursive: true, mode: 0o700 });
    this.load();
  }

  /** Commands with anything left to deliver, oldest first. */
  commandIds(): string[] {
    return [...this.boxes.values()]
      .sort((a, b) => a.meta.startedAt - b.meta.startedAt || a.meta.commandId.localeCompare(b.meta.commandId))
      .map((box) => box.meta.commandId);
  }

  has(commandId: string): boolean {
    return this.boxes.has(commandId);
  }

  hasResult(commandId: string): boolean {
    return this.boxes.get(commandId)?.meta.result != null;
  }

  /** Starts the record of a command; a second call for the same id (after a restart) keeps what is there. */
  begin(commandId: string, type: CommandType, startedAt: number): void {
    if (this.boxes.has(commandId)) return;
    const dir = path.join(this.root, commandId);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const meta: Meta = {
      version: 1,
      commandId,
      type,
      startedAt,
      ackedThrough: 0,
      sentThrough: 0,
      segments: [{ id: 0, firstSeq: 1, lines: 0, bytes: 0 }],
      nextSegmentId: 1,
      cursor: null,
      result: null,
    };
    appendFileSync(path.join(dir, "seg-0.jsonl"), "");
    const box: CommandBox = { dir, meta, activeLines: [], pending: [], pendingCursor: null };
    this.writeMeta(box);
    this.boxes.set(commandId, box);
  }

  /**
   * Queues lines of a command; they are committed within `commitDelayMs`. `cursor` is the producer's
   * position in its source after these lines (a followed file's byte offset), committed with them.
   */
  append(commandId: string, chunks: readonly ChunkInput[], cursor?: number): void {
    const box = this.box(commandId);
    if (box.meta.result !== null) throw new Error(`outbox: command ${commandId} already has its result`);
    for (const chunk of chunks) box.pending.push(chunk.test ? { s: chunk.stream, l: chunk.line, t: chunk.test } : { s: chunk.stream, l: chunk.line });
    if (cursor !== undefined) box.pendingCursor = cursor;
    if (box.pending.length >= SEGMENT_MAX_LINES) this.commit();
    else if (this.commitTimer === null) this.commitTimer = setTimeout(() => this.commit(), this.commitDelayMs);
  }

  /** What the command's record says about it (for closing a record nobody else knows about). */
  record(commandId: string): { type: CommandType; startedAt: number } {
    const { type, startedAt } = this.box(commandId).meta;
    return { type, startedAt };
  }

  /** The producer's committed cursor (where to resume reading a followed file after a restart). */
  cursor(commandId: string): number | null {
    return this.boxes.get(commandId)?.meta.cursor ?? null;
  }

  /** Records the result after the command's last line; from then on it waits for the acks. */
  finish(commandId: string, result: ResultRecord): void {
    this.commit();
    const box = this.box(commandId);
    box.meta.result = result;
    this.writeMeta(box, true);
    this.onCommitted();
  }

  /** The highest committed seq of a command. */
  lastSeq(commandId: string): number {
    return lastSeqOf(this.box(commandId).meta);
  }

  ackedThrough(commandId: string): number {
    return this.box(commandId).meta.ackedThrough;
  }

  /** Up to `max` committed lines not yet acknowledged, in seq order. */
  nextBatch(commandId: string, max = MAX_CHUNKS_PER_MESSAGE): OutputChunk[] {
    const box = this.box(commandId);
    const chunks: OutputChunk[] = [];
    let seq = box.meta.ackedThrough + 1;
    for (const segment of box.meta.segments) {
      const segmentEnd = segment.firstSeq + segment.lines - 1;
      if (segmentEnd < seq) continue;
      const lines = this.segmentLines(box, segment);
      for (let index = seq - segment.firstSeq; index < segment.lines && chunks.length < max; index += 1) {
        chunks.push(toChunk(seq, lines[index]));
        seq += 1;
      }
      if (chunks.length >= max) break;
    }
    return chunks;
  }

  /** Called before sending lines through `seq`: from now on they keep their numbers. */
  markSent(commandId: string, seq: number): void {
    const box = this.box(commandId);
    if (seq <= box.meta.sentThrough) return;
    box.meta.sentThrough = seq;
    this.writeMeta(box);
  }

  /** The dashboard stored every line through `storedThrough`: forget them. */
  acknowledge(commandId: string, storedThrough: number): void {
    const box = this.box(commandId);
    const acked = Math.min(storedThrough, lastSeqOf(box.meta));
    if (acked <= box.meta.ackedThrough) return;
    box.meta.ackedThrough = acked;
    box.meta.sentThrough = Math.max(box.meta.sentThrough, acked);
    const keep = box.meta.segments.filter(
      (segment, index) => index === box.meta.segments.length - 1 || segment.firstSeq + segment.lines - 1 > acked,
    );
    const forgotten = box.meta.segments.filter((segment) => !keep.includes(segment));
    box.meta.segments = keep;
    this.writeMeta(box);
    for (const segment of forgotten) this.removeSegment(box, segment);
  }

  /** The result, once every line before it was acknowledged (results never overtake their output). */
  readyResult(commandId: string): CommandResult | null {
    const box = this.box(commandId);
    const result = box.meta.result;
    const lastSeq = lastSeqOf(box.meta);
    if (result === null || box.pending.length > 0 || box.meta.ackedThrough < lastSeq) return null;
    return { ...result, lastSeq };
  }

  /** The dashboard stored the result: the command is delivered. */
  forget(commandId: string): void {
    const box = this.boxes.get(commandId);
    if (box === undefined) return;
    this.boxes.delete(commandId);
    for (const segment of box.meta.segments) this.totalBytes -= segment.bytes;
    if (this.readCache?.dir === box.dir) this.readCache = null;
    rmSync(box.dir, { recursive: true, force: true });
  }

  /** Bytes of output on disk, all commands together. */
  sizeBytes(): number {
    return this.totalBytes;
  }

  /** Writes every queued line now (also used before shutdown). */
  commit(): void {
    if (this.commitTimer !== null) {
      clearTimeout(this.commitTimer);
      this.commitTimer = null;
    }
    let committed = false;
    for (const box of this.boxes.values()) {
      if (box.pending.length === 0 && box.pendingCursor === null) continue;
      if (!this.tryCommitBox(box)) continue;
      this.enforceBound(box);
      committed = true;
    }
    if (committed) this.onCommitted();
  }

  /**
   * Commits a command's queued lines, or leaves everything as it was when the disk refuses (full,
   * read-only): the lines stay queued and the next commit tries again, so a write error costs no line
   * and does not bring the agent down.
   */
  private tryCommitBox(box: CommandBox): boolean {
    const meta = structuredClone(box.meta);
    const activeLines = box.activeLines;
    const activeCount = activeLines.length;
    const totalBytes = this.totalBytes;
    try {
      this.commitBox(box);
      return true;
    } catch (error) {
      const pending = box.pending;
      const attemptedSegments = box.meta.nextSegmentId;
      box.meta = meta;
      box.activeLines = activeLines;
      activeLines.length = activeCount;
      this.totalBytes = totalBytes;
      box.pending = pending;
      const active = meta.segments[meta.segments.length - 1] as Segment;
      try {
        truncateSync(this.segmentFile(box, active.id), active.bytes);
        for (let id = meta.nextSegmentId; id < attemptedSegments; id += 1) rmSync(this.segmentFile(box, id), { force: true });
      } catch {
        // The next load cuts what meta.json does not count anyway.
      }
      this.log.error("outbox.write_failed", { command: meta.commandId, lines: pending.length, error: errorMessage(error) });
      this.commitTimer ??= setTimeout(() => this.commit(), RETRY_COMMIT_MS);
      return false;
    }
  }

  private commitBox(box: CommandBox): void {
    const writes = new Map<number, string>();
    for (const line of box.pending) {
      let active = box.meta.segments[box.meta.segments.length - 1] as Segment;
      if (active.lines >= SEGMENT_MAX_LINES || active.bytes >= this.segmentMaxBytes) {
        active = { id: box.meta.nextSegmentId, firstSeq: active.firstSeq + active.lines, lines: 0, bytes: 0 };
        box.meta.nextSegmentId += 1;
        box.meta.segments.push(active);
        box.activeLines = [];
      }
      const text = encode(line);
      const bytes = Buffer.byteLength(text);
      writes.set(active.id, (writes.get(active.id) ?? "") + text);
      active.lines += 1;
      active.bytes += bytes;
      this.totalBytes += bytes;
      box.activeLines.push(line);
    }
    for (const [segmentId, text] of writes) appendFileSync(this.segmentFile(box, segmentId), text);
    if (box.pendingCursor !== null) box.meta.cursor = box.pendingCursor;
    this.writeMeta(box);
    box.pending = [];
    box.pendingCursor = null;
  }

  /**
   * Over the bound, the oldest unsent lines of the growing command give way to one marker line. The
   * head already sent keeps its numbers and the newest lines (where errors usually are) survive.
   */
  private enforceBound(box: CommandBox): void {
    if (this.totalBytes <= this.maxBytes) return;
    const segments = box.meta.segments;
    const first = segments.findIndex((segment, index) => index < segments.length - 1 && segment.firstSeq > box.meta.sentThrough);
    if (first === -1) return;
    let end = first;
    let freed = 0;
    while (end < segments.length - 1 && this.totalBytes - freed > this.maxBytes) {
      freed += (segments[end] as Segment).bytes;
      end += 1;
    }
    const run = segments.slice(first, end);
    if (run.length === 1 && run[0]?.dropped !== undefined) return;
    const dropped = run.reduce((sum, segment) => sum + (segment.dropped ?? segment.lines), 0);
    const text = encode(markerLine(dropped, this.maxBytes));
    const marker: Segment = {
      id: box.meta.nextSegmentId,
      firstSeq: (run[0] as Segment).firstSeq,
      lines: 1,
      bytes: Buffer.byteLength(text),
      dropped,
    };
    box.meta.nextSegmentId += 1;
    appendFileSync(this.segmentFile(box, marker.id), text);
    box.meta.segments = [...segments.slice(0, first), marker, ...segments.slice(end)];
    for (let index = first + 1; index < box.meta.segments.length; index += 1) {
      const previous = box.meta.segments[index - 1] as Segment;
      (box.meta.segments[index] as Segment).firstSeq = previous.firstSeq + previous.lines;
    }
    this.totalBytes += marker.bytes;
    this.writeMeta(box);
    for (const segment of run) this.removeSegment(box, segment);
    this.log.warn("outbox.dropped", { command: box.meta.commandId, lines: dropped, limitBytes: this.maxBytes });
  }

  private segmentLines(box: CommandBox, segment: Segment): StoredLine[] {
    if (segment === box.meta.segments[box.meta.segments.length - 1]) return box.activeLines;
    if (this.readCache?.dir === box.dir && this.readCache.segmentId === segment.id) return this.readCache.lines;
    const lines = this.readSegment(box, segment);
    this.readCache = { dir: box.dir, segmentId: segment.id, lines };
    return lines;
  }

  /** Reads the committed lines of a segment; an unreadable line becomes a note so seq stays gap-free. */
  private readSegment(box: CommandBox, segment: Segment): StoredLine[] {
    let text = "";
    try {
      text = readFileSync(this.segmentFile(box, segment.id), "utf8");
    } catch (error) {
      this.log.error("outbox.segment_unreadable", { command: box.meta.commandId, segment: segment.id, error: errorMessage(error) });
    }
    const rows = text.split("\n");
    const lines: StoredLine[] = [];
    for (let index = 0; index < segment.lines; index += 1) {
      let parsed: z.ZodSafeParseResult<StoredLine> | null = null;
      try {
        parsed = storedLineSchema.safeParse(JSON.parse(rows[index] ?? ""));
      } catch {
        parsed = null;
      }
      lines.push(parsed?.success ? parsed.data : { s: "system", l: "[agent: this output line was lost on disk]" });
    }
    return lines;
  }

  private removeSegment(box: CommandBox, segment: Segment): void {
    this.totalBytes -= segment.bytes;
    if (this.readCache?.dir === box.dir && this.readCache.segmentId === segment.id) this.readCache = null;
    rmSync(this.segmentFile(box, segment.id), { force: true });
  }

  private segmentFile(box: CommandBox, segmentId: number): string {
    return path.join(box.dir, `seg-${segmentId}.jsonl`);
  }

  private writeMeta(box: CommandBox, durable = false): void {
    writeFileAtomic(path.join(box.dir, "meta.json"), JSON.stringify(box.meta), 0o600, durable);
  }

  private box(commandId: string): CommandBox {
    const box = this.boxes.get(commandId);
    if (box === undefined) throw new Error(`outbox: unknown command ${commandId}`);
    return box;
  }

  /** Reopens what a previous run left: cuts torn writes, removes files no meta.json names. */
  private load(): void {
    for (const entry of readdirSync(this.root, { withFileTypes: true })) {
      const dir = path.join(this.root, entry.name);
      if (!entry.isDirectory()) {
        rmSync(dir, { force: true });
        continue;
      }
      let meta: Meta;
      try {
        meta = metaSchema.parse(JSON.parse(readFileSync(path.join(dir, "meta.json"), "utf8")));
      } catch (error) {
        this.log.error("outbox.unreadable", { dir, error: errorMessage(error) });
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      const box: CommandBox = { dir, meta, activeLines: [], pending: [], pendingCursor: null };
      const known = new Set(meta.segments.map((segment) => `seg-${segment.id}.jsonl`).concat("meta.json"));
      for (const file of readdirSync(dir)) if (!known.has(file)) rmSync(path.join(dir, file), { force: true });
      const active = meta.segments[meta.segments.length - 1] as Segment;
      const activeFile = this.segmentFile(box, active.id);
      let size = 0;
      try {
        size = statSync(activeFile).size;
      } catch {
        appendFileSync(activeFile, "");
      }
      if (size > active.bytes) truncateSync(activeFile, active.bytes);
      box.activeLines = this.readSegment(box, active);
      for (const segment of meta.segments) this.totalBytes += segment.bytes;
      this.boxes.set(meta.commandId, box);
    }
  }
}

/** A stored line as the protocol sends it; anything the schema would refuse is replaced by a note. */
function toChunk(seq: number, line: StoredLine | undefined): OutputChunk {
  const chunk: OutputChunk = line?.t ? { seq, stream: line.s, line: line.l, test: line.t } : { seq, stream: line?.s ?? "system", line: line?.l ?? "" };
  return outputChunkSchema.safeParse(chunk).success ? chunk : { seq, stream: "system", line: "[agent: an invalid output line was left out]" };
}
