import { appendFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, truncateSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { MAX_CHUNKS_PER_MESSAGE, outputChunkSchema, type CommandResult, type CommandType, type OutputChunk } from "../lib/protocol/index";
import { writeFileAtomic } from "./atomic-file";
import { Backoff } from "./backoff";
import { FailureLog } from "./failure-log";
import { errorMessage, type Logger } from "./log";
import {
  META_FILE,
  PREVIOUS_META_FILE,
  RESULT_FILE,
  encode,
  lastSeqOf,
  markerLine,
  readMetaFile,
  segmentFileName,
  storedLineSchema,
  type ChunkInput,
  type Meta,
  type ResultRecord,
  type Segment,
  type StoredLine,
} from "./outbox-format";
import { rebuildMeta } from "./outbox-rebuild";

export type { ChunkInput, ResultRecord } from "./outbox-format";

/**
 * The on-disk outbox: every output line and every result the agent produces goes here first and
 * stays until the dashboard acknowledged storing it, so nothing is lost while the dashboard is down
 * or the agent restarts.
 *
 * Layout, one folder per command (`outbox/<commandId>/`):
 * - `seg-<n>.jsonl`: output lines, one JSON object each, without their seq;
 * - `meta.json`: the commit point, rewritten atomically: which segments exist, the seq of each
 *   segment's first line, how many lines and bytes of each are committed, what was acknowledged and
 *   sent, the producer's cursor, and the result once known;
 * - `meta.prev.json`: the meta.json before the last write, and `result.json`: the result, alone.
 *   A damaged meta.json is rebuilt from these and the segments (see `rebuildMeta`), never deleted.
 * Lines are appended to the last segment first and counted in meta.json after; bytes beyond what
 * meta.json counts are a torn write and cut off at load. Seq numbers are never stored in the lines:
 * a line's seq is its segment's first seq plus its index, which lets the outbox replace unsent
 * segments by one "lines dropped" marker when it outgrows its bound and still number every line
 * without a gap.
 *
 * The disk is where the outbox keeps things, not what it depends on: when a write fails (a full or
 * read-only disk) the outbox goes on in memory — lines are committed, delivered and acknowledged as
 * usual — and writes what it holds once the disk takes writes again. meta.json on disk never counts
 * a line its segment file does not hold, so a crash meanwhile loses only what was in memory.
 */

export interface OutboxOptions {
  maxBytes: number;
  log: Logger;
  /** Delay that gathers lines into one write; the dashboard sees only committed lines. */
  commitDelayMs?: number;
}

interface CommandBox {
  dir: string;
  meta: Meta;
  /** The committed lines of the last segment, so live streaming never rereads files. */
  activeLines: StoredLine[];
  pending: StoredLine[];
  pendingCursor: number | null;
  /** Every line of each segment whose file the disk did not take: written whole once it does. */
  unsaved: Map<number, StoredLine[]>;
  /** meta.json on disk is behind `meta`: a write failed, or unsaved segments must be written first. */
  metaBehind: boolean;
  /** Segment files no longer needed, deleted once a meta.json without them is on disk. */
  removals: number[];
  /** result.json holds the result (written once, before the meta.json that names it). */
  resultSaved: boolean;
}

const SEGMENT_MAX_LINES = MAX_CHUNKS_PER_MESSAGE;
/** After a failed write, what memory holds is written again after 1 s, doubling up to 30 s. */
const RETRY_WRITE_MS = { initialMs: 1_000, maxMs: 30_000 };

export class Outbox {
  private readonly boxes = new Map<string, CommandBox>();
  private readonly maxBytes: number;
  private readonly segmentMaxBytes: number;
  private readonly commitDelayMs: number;
  private readonly log: Logger;
  private totalBytes = 0;
  private commitTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly retryBackoff = new Backoff(RETRY_WRITE_MS);
  private readonly failures: FailureLog;
  /** Folders of forgotten commands that the disk did not let go of yet. */
  private readonly undeleted = new Set<string>();
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
    this.failures = new FailureLog(options.log, "outbox.write_failed", "output and results are kept in memory and written when the disk takes writes again");
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
    const box = newBox(path.join(this.root, commandId), meta);
    // Nothing of it is on disk yet: the first save creates the folder, the empty segment and meta.json.
    box.unsaved.set(0, box.activeLines);
    this.boxes.set(commandId, box);
    this.save(box);
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
    this.save(box, true);
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
    this.save(box);
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
    for (const segment of forgotten) this.removeSegment(box, segment);
    this.save(box);
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
    this.undeleted.add(box.dir);
    this.deleteForgotten();
  }

  /** Bytes of output held (on disk, or in memory while the disk refuses), all commands together. */
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
      this.commitBox(box);
      this.enforceBound(box);
      committed = true;
    }
    if (committed) this.onCommitted();
  }

  /**
   * Moves a command's queued lines into its segments, in memory first: they are committed (and
   * deliverable) whatever the disk says. Appended to the segment files when the disk is fine;
   * otherwise the segments are kept in memory and written whole later.
   */
  private commitBox(box: CommandBox): void {
    const touched = new Map<number, { text: string; sizeBefore: number; lines: StoredLine[] }>();
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
      const write = touched.get(active.id) ?? { text: "", sizeBefore: active.bytes, lines: box.activeLines };
      write.text += text;
      touched.set(active.id, write);
      active.lines += 1;
      active.bytes += bytes;
      this.totalBytes += bytes;
      box.activeLines.push(line);
    }
    if (box.pendingCursor !== null) box.meta.cursor = box.pendingCursor;
    box.pending = [];
    box.pendingCursor = null;
    for (const [segmentId, write] of touched) {
      if (this.isBehind(box) || box.unsaved.has(segmentId)) {
        box.unsaved.set(segmentId, write.lines);
        continue;
      }
      const file = this.segmentFile(box, segmentId);
      try {
        appendFileSync(file, write.text);
      } catch (error) {
        this.failures.failed(error, { op: "append", command: box.meta.commandId });
        box.unsaved.set(segmentId, write.lines);
        // A partly written append would be counted by nobody: meta.json names the size before it.
        tryQuietly(() => truncateSync(file, write.sizeBefore));
      }
    }
    this.save(box);
  }

  private isBehind(box: CommandBox): boolean {
    return box.metaBehind || box.unsaved.size > 0;
  }

  /**
   * Brings the disk up to what memory holds: writes the unsaved segments whole, then meta.json (the
   * commit point, so it never counts lines the disk lacks), then deletes what it no longer names.
   * A failure leaves the rest in memory and tries again later.
   */
  private save(box: CommandBox, durable = false): void {
    if (!this.boxes.has(box.meta.commandId)) return;
    if (this.isBehind(box) && this.retryTimer !== null) {
      // The disk failed a moment ago: leave it to the retry rather than rewriting segments every commit.
      box.metaBehind = true;
      return;
    }
    try {
      if (box.unsaved.size > 0) {
        mkdirSync(box.dir, { recursive: true, mode: 0o700 });
        for (const [segmentId, lines] of box.unsaved) {
          writeFileAtomic(this.segmentFile(box, segmentId), lines.map(encode).join(""), { durable: false });
          box.unsaved.delete(segmentId);
        }
      }
      if (box.meta.result !== null && !box.resultSaved) {
        writeFileAtomic(path.join(box.dir, RESULT_FILE), JSON.stringify(box.meta.result));
        box.resultSaved = true;
      }
      writeFileAtomic(path.join(box.dir, META_FILE), JSON.stringify(box.meta), { durable, previous: path.join(box.dir, PREVIOUS_META_FILE) });
      box.metaBehind = false;
    } catch (error) {
      box.metaBehind = true;
      this.failures.failed(error, { op: "save", command: box.meta.commandId });
      this.retrySoon();
      return;
    }
    for (const segmentId of box.removals) tryQuietly(() => rmSync(this.segmentFile(box, segmentId), { force: true }));
    box.removals = [];
    this.noteIfAllWritten();
  }

  private deleteForgotten(): void {
    for (const dir of this.undeleted) {
      try {
        rmSync(dir, { recursive: true, force: true });
        this.undeleted.delete(dir);
      } catch (error) {
        this.failures.failed(error, { op: "delete", dir });
        this.retrySoon();
        return;
      }
    }
    this.noteIfAllWritten();
  }

  /** The disk has everything again: the next failure is retried quickly, and the log says it is over. */
  private noteIfAllWritten(): void {
    if (this.undeleted.size > 0 || [...this.boxes.values()].some((box) => this.isBehind(box))) return;
    this.retryBackoff.reset();
    this.failures.recovered();
  }

  private retrySoon(): void {
    if (this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.deleteForgotten();
      for (const box of this.boxes.values()) if (this.isBehind(box)) this.save(box);
    }, this.retryBackoff.next());
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
    // Written with the next save, whole, like any segment the disk does not have yet.
    box.unsaved.set(marker.id, [markerLine(dropped, this.maxBytes)]);
    box.meta.segments = [...segments.slice(0, first), marker, ...segments.slice(end)];
    for (let index = first + 1; index < box.meta.segments.length; index += 1) {
      const previous = box.meta.segments[index - 1] as Segment;
      (box.meta.segments[index] as Segment).firstSeq = previous.firstSeq + previous.lines;
    }
    this.totalBytes += marker.bytes;
    for (const segment of run) this.removeSegment(box, segment);
    this.save(box);
    this.log.warn("outbox.dropped", { command: box.meta.commandId, lines: dropped, limitBytes: this.maxBytes });
  }

  private segmentLines(box: CommandBox, segment: Segment): StoredLine[] {
    if (segment === box.meta.segments[box.meta.segments.length - 1]) return box.activeLines;
    const unsaved = box.unsaved.get(segment.id);
    if (unsaved !== undefined) return unsaved;
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
    box.unsaved.delete(segment.id);
    box.removals.push(segment.id);
  }

  private segmentFile(box: CommandBox, segmentId: number): string {
    return path.join(box.dir, segmentFileName(segmentId));
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
        tryQuietly(() => rmSync(dir, { force: true }));
        continue;
      }
      const loaded = this.readMeta(dir);
      if (loaded === null) continue;
      const box = newBox(dir, loaded.meta);
      box.resultSaved = loaded.meta.result !== null;
      const { meta } = box;
      for (const [segmentId, lines] of loaded.unsaved) box.unsaved.set(segmentId, lines);
      const known = new Set(meta.segments.map((segment) => segmentFileName(segment.id)).concat(META_FILE, PREVIOUS_META_FILE, RESULT_FILE));
      for (const file of readdirSync(dir)) if (!known.has(file)) tryQuietly(() => rmSync(path.join(dir, file), { recursive: true, force: true }));
      const active = meta.segments[meta.segments.length - 1] as Segment;
      const activeFile = this.segmentFile(box, active.id);
      let size = 0;
      try {
        size = statSync(activeFile).size;
      } catch {
        tryQuietly(() => appendFileSync(activeFile, ""));
      }
      if (size > active.bytes) tryQuietly(() => truncateSync(activeFile, active.bytes));
      box.activeLines = this.readSegment(box, active);
      for (const segment of meta.segments) this.totalBytes += segment.bytes;
      this.boxes.set(meta.commandId, box);
      if (loaded.rebuilt) this.save(box, true);
    }
  }

  /**
   * meta.json, or, when it is damaged, one rebuilt from meta.prev.json and the segment files. A
   * folder with neither readable is left on disk untouched (and not sent): output is never deleted
   * because the agent cannot read its notes about it.
   */
  private readMeta(dir: string): { meta: Meta; rebuilt: boolean; unsaved: Map<number, StoredLine[]> } | null {
    const current = readMetaFile(path.join(dir, META_FILE));
    if (current.ok) return { meta: current.meta, rebuilt: false, unsaved: new Map() };
    const previous = readMetaFile(path.join(dir, PREVIOUS_META_FILE));
    if (!previous.ok) {
      this.log.error("outbox.unreadable", {
        dir,
        error: current.error,
        hint: "neither meta.json nor meta.prev.json can be read: the folder is kept, not sent; remove it once inspected",
      });
      return null;
    }
    const rebuilt = rebuildMeta(dir, previous.meta, this.maxBytes);
    this.log.warn("outbox.meta_rebuilt", {
      command: rebuilt.meta.commandId,
      error: current.error,
      lines: lastSeqOf(rebuilt.meta) - rebuilt.meta.ackedThrough,
      result: rebuilt.meta.result !== null,
    });
    return { ...rebuilt, rebuilt: true };
  }
}

function newBox(dir: string, meta: Meta): CommandBox {
  return { dir, meta, activeLines: [], pending: [], pendingCursor: null, unsaved: new Map(), metaBehind: false, removals: [], resultSaved: false };
}

/** For clean-ups whose failure costs nothing: the next load cuts or removes what meta.json does not name. */
function tryQuietly(action: () => void): void {
  try {
    action();
  } catch {
    // See above.
  }
}

/** A stored line as the protocol sends it; anything the schema would refuse is replaced by a note. */
function toChunk(seq: number, line: StoredLine | undefined): OutputChunk {
  const chunk: OutputChunk = line?.t ? { seq, stream: line.s, line: line.l, test: line.t } : { seq, stream: line?.s ?? "system", line: line?.l ?? "" };
  return outputChunkSchema.safeParse(chunk).success ? chunk : { seq, stream: "system", line: "[agent: an invalid output line was left out]" };
}
