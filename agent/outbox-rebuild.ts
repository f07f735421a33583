import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { RESULT_FILE, SEGMENT_FILE, encode, lastSeqOf, markerLine, readResultFile, segmentFileName, type Meta, type Segment, type StoredLine } from "./outbox-format";

export interface RebuiltMeta {
  meta: Meta;
  /** Segments the rebuild made (a marker) that are not on disk yet. */
  unsaved: Map<number, StoredLine[]>;
}

/**
 * Rebuilds a damaged meta.json. meta.prev.json is the commit point one write back; the segment files
 * say what that write changed. Files are only deleted after a meta.json without them was written, so
 * segments it names that are gone were acknowledged (at the front) or dropped for the bound (a run
 * further on: it becomes one marker line again, as the outbox's `enforceBound` made it); lines
 * appended after it are counted from the files. Every line may have been sent: numbering stays.
 */
export function rebuildMeta(dir: string, previous: Meta, maxBytes: number): RebuiltMeta {
  const meta = structuredClone(previous);
  const unsaved = new Map<number, StoredLine[]>();
  const file = (segment: Segment) => path.join(dir, segmentFileName(segment.id));
  while (meta.segments.length > 1 && !existsSync(file(meta.segments[0] as Segment))) {
    const gone = meta.segments.shift() as Segment;
    meta.ackedThrough = Math.max(meta.ackedThrough, gone.firstSeq + gone.lines - 1);
  }
  const gapStart = meta.segments.findIndex((segment) => !existsSync(file(segment)));
  if (gapStart !== -1 && gapStart < meta.segments.length - 1) {
    let gapEnd = gapStart;
    while (gapEnd < meta.segments.length - 1 && !existsSync(file(meta.segments[gapEnd] as Segment))) gapEnd += 1;
    const run = meta.segments.slice(gapStart, gapEnd);
    const dropped = run.reduce((sum, segment) => sum + (segment.dropped ?? segment.lines), 0);
    const line = markerLine(dropped, maxBytes);
    const marker: Segment = { id: meta.nextSegmentId, firstSeq: 0, lines: 1, bytes: Buffer.byteLength(encode(line)), dropped };
    meta.nextSegmentId += 1;
    unsaved.set(marker.id, [line]);
    meta.segments.splice(gapStart, run.length, marker);
  } else {
    // Segments begun by the write that left meta.json damaged follow the last one it names.
    const ids = readdirSync(dir)
      .map((name) => SEGMENT_FILE.exec(name)?.[1])
      .filter((id): id is string => id !== undefined)
      .map(Number)
      .filter((id) => id >= previous.nextSegmentId)
      .sort((a, b) => a - b);
    for (const id of ids) meta.segments.push({ id, firstSeq: 0, lines: 0, bytes: 0 });
    if (ids.length > 0) meta.nextSegmentId = (ids.at(-1) as number) + 1;
    // The segments grown since are counted from their files: complete lines only.
    const lastNamed = (previous.segments[previous.segments.length - 1] as Segment).id;
    const grown = meta.segments.filter((segment) => segment.id === lastNamed || segment.id >= previous.nextSegmentId);
    for (const segment of grown) {
      let text = "";
      try {
        text = readFileSync(file(segment), "utf8");
      } catch {
        // A missing active segment is created empty by the load.
      }
      const complete = text.slice(0, text.lastIndexOf("\n") + 1);
      segment.lines = complete === "" ? 0 : complete.split("\n").length - 1;
      segment.bytes = Buffer.byteLength(complete);
    }
  }
  for (let index = 1; index < meta.segments.length; index += 1) {
    const before = meta.segments[index - 1] as Segment;
    (meta.segments[index] as Segment).firstSeq = before.firstSeq + before.lines;
  }
  const lastSeq = lastSeqOf(meta);
  meta.ackedThrough = Math.min(meta.ackedThrough, lastSeq);
  meta.sentThrough = lastSeq;
  meta.result ??= readResultFile(path.join(dir, RESULT_FILE), meta.commandId);
  return { meta, unsaved };
}
