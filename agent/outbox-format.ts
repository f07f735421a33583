import { readFileSync } from "node:fs";
import { z } from "zod";
import { AGENT_RESULT_STATES, COMMAND_TYPES, previewSchema, rollbackInfoSchema, testProgressSchema, type CommandResult, type OutputChunk, type TestProgress } from "../lib/protocol/index";
import { errorMessage } from "./log";

/**
 * What the outbox keeps on disk, per command folder (see outbox.ts for how it is used): the line
 * format of the segments, meta.json (the commit point) and its schema, the file names, and the
 * marker line that stands for dropped lines.
 */

export type ChunkInput = Omit<OutputChunk, "seq">;
export type ResultRecord = Omit<CommandResult, "lastSeq">;

/** A line as stored: short keys, because a 10,000-line build log is mostly this overhead. */
export interface StoredLine {
  s: ChunkInput["stream"];
  l: string;
  t?: TestProgress;
}

export const segmentSchema = z.object({
  id: z.number().int().nonnegative(),
  firstSeq: z.number().int().positive(),
  lines: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** Set on a marker segment: how many lines its one line stands for. */
  dropped: z.number().int().positive().optional(),
});
export type Segment = z.infer<typeof segmentSchema>;

export const resultRecordSchema = z.object({
  commandId: z.string(),
  type: z.enum(COMMAND_TYPES),
  state: z.enum(AGENT_RESULT_STATES),
  exitCode: z.number().int().nullable(),
  startedAt: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative(),
  tests: z.array(testProgressSchema).optional(),
  preview: previewSchema.optional(),
  rollback: rollbackInfoSchema.optional(),
});

export const metaSchema = z.object({
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
export type Meta = z.infer<typeof metaSchema>;

export const storedLineSchema = z.object({ s: z.enum(["stdout", "stderr", "system"]), l: z.string(), t: testProgressSchema.optional() });

export const META_FILE = "meta.json";
export const PREVIOUS_META_FILE = "meta.prev.json";
export const RESULT_FILE = "result.json";
export const SEGMENT_FILE = /^seg-(\d+)\.jsonl$/;

export function segmentFileName(segmentId: number): string {
  return `seg-${segmentId}.jsonl`;
}

export function lastSeqOf(meta: Meta): number {
  const last = meta.segments[meta.segments.length - 1];
  return last === undefined ? 0 : last.firstSeq + last.lines - 1;
}

export function encode(line: StoredLine): string {
  return JSON.stringify(line) + "\n";
}

export function markerLine(dropped: number, maxBytes: number): StoredLine {
  const megabytes = Math.max(1, Math.round(maxBytes / (1024 * 1024)));
  return {
    s: "system",
    l: `… ${dropped} lines dropped: the dashboard did not take output fast enough and the agent keeps at most ${megabytes} MB of it …`,
  };
}

export function readMetaFile(file: string): { ok: true; meta: Meta } | { ok: false; error: string } {
  try {
    return { ok: true, meta: metaSchema.parse(JSON.parse(readFileSync(file, "utf8"))) };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}

export function readResultFile(file: string, commandId: string): ResultRecord | null {
  try {
    const result = resultRecordSchema.parse(JSON.parse(readFileSync(file, "utf8")));
    return result.commandId === commandId ? result : null;
  } catch {
    return null;
  }
}
