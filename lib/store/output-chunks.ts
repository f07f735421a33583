import type { OutputChunk } from "../protocol/agent";
import type { OutputLine } from "../protocol/browser";
import { Prisma } from "./generated/client.ts";
import type { Store } from "./client";
import { executeDirect } from "./direct-statements";
import { chunksOf } from "./statement-rows";
import { valuesListTyping } from "./values-list";
import { MAX_RUN_LINES, linesOf, runsOf, storedThroughOf, takeLinesAfter, type OutputRun, type RunRange } from "./output-runs";

// Raw statements: Prisma's model queries cost several times as much CPU per call, and output is
// stored a batch at a time, up to hundreds of batches a second.

const RUN_COLUMNS = Prisma.raw(`"firstSeq", "lastSeq", "streams", "lines", "chars"`);

/** Rows read per query at first when paging through output; each further query reads four times as many. */
const FIRST_ROWS_PER_READ = 16;

/** Lines of one command to store. */
export interface CommandOutput {
  commandId: string;
  chunks: readonly OutputChunk[];
}

/** Rows per INSERT: six values a row, under SQLite's 32,766 bound values. */
const RUNS_PER_INSERT = 1_000;

/** Stores one command's output lines (see insertOutputs). */
export async function insertOutput(store: Store, commandId: string, chunks: readonly OutputChunk[]): Promise<void> {
  await insertOutputs(store, [{ commandId, chunks }]);
}

/**
 * Stores the output lines of many commands as runs (one row per run of a batch, see output-runs.ts) in
 * one statement; a line already stored (same command and seq) is kept as it was. The ranges already
 * stored near each batch are read first, for all commands in one query, so a resend stores only what
 * is missing. Output arrives from hundreds of agents at once: one statement per batch was most of the
 * dashboard's work per line.
 */
export async function insertOutputs(store: Store, outputs: readonly CommandOutput[]): Promise<void> {
  const byCommand = new Map<string, OutputChunk[]>();
  for (const { commandId, chunks } of outputs) {
    if (chunks.length > 0) byCommand.set(commandId, [...(byCommand.get(commandId) ?? []), ...chunks]);
  }
  if (byCommand.size === 0) return;
  const stored = await rangesNear(store, byCommand);
  const runs = [...byCommand].flatMap(([commandId, chunks]) => runsOf(chunks, stored.get(commandId)).map((run) => ({ commandId, run })));
  await insertRuns(store, runs);
}

/**
 * Stores the line that marks where a command's output was cut at its limit, counted as `spends`
 * characters (more than the rest of the limit): after a restart the stored count says it is spent.
 */
export async function insertOutputCut(store: Store, commandId: string, cut: OutputChunk, spends: number): Promise<void> {
  await insertRuns(store, runsOf([cut]).map((run) => ({ commandId, run: { ...run, chars: spends } })));
}

async function insertRuns(store: Store, runs: readonly { commandId: string; run: OutputRun }[]): Promise<void> {
  // Not one transaction: each run stands alone, and a failed batch is sent again by its agents.
  for (const chunk of chunksOf(runs, RUNS_PER_INSERT)) {
    const rows = chunk.map(({ commandId, run: r }) => Prisma.sql`(${commandId}, ${r.firstSeq}, ${r.lastSeq}, ${r.streams}, ${r.lines}, ${r.chars})`);
    // A run raced in by another store of the same batch keeps its row (and readers take each seq once).
    await executeDirect(store, Prisma.sql`INSERT INTO "CommandOutputChunk" ("commandId", "firstSeq", "lastSeq", "streams", "lines", "chars")
      VALUES ${Prisma.join(rows)} ON CONFLICT DO NOTHING`);
  }
}

/**
 * By command, the stored ranges holding any seq of its chunks (a run starts at most MAX_RUN_LINES
 * before a seq it holds): one query joined to a VALUES list of the commands and their seq spans.
 */
async function rangesNear(store: Store, byCommand: ReadonlyMap<string, readonly OutputChunk[]>): Promise<Map<string, RunRange[]>> {
  const typed = valuesListTyping(store);
  const spans = [...byCommand].flatMap(([commandId, chunks]) => {
    const seqs = chunks.map((chunk) => chunk.seq);
    const from = Math.min(...seqs);
    const to = Math.max(...seqs);
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) return [];
    return [Prisma.sql`(${typed(commandId, "text")}, ${typed(from - MAX_RUN_LINES, "integer")}, ${typed(to, "integer")}, ${typed(from, "integer")})`];
  });
  const ranges = new Map<string, RunRange[]>();
  for (const rows of chunksOf(spans, RUNS_PER_INSERT)) {
    const found = await store.$queryRaw<(RunRange & { commandId: string })[]>`SELECT c."commandId", c."firstSeq", c."lastSeq"
      FROM (VALUES ${Prisma.join(rows)}) AS v JOIN "CommandOutputChunk" AS c
      ON c."commandId" = v.column1 AND c."firstSeq" > v.column2 AND c."firstSeq" <= v.column3 AND c."lastSeq" >= v.column4`;
    for (const row of found) ranges.set(row.commandId, [...(ranges.get(row.commandId) ?? []), rangeOf(row)]);
  }
  return ranges;
}

/** A range as the database returns it (an integer may come back as a bigint). */
function rangeOf<Row extends RunRange>(row: Row): Row {
  return { ...row, firstSeq: Number(row.firstSeq), lastSeq: Number(row.lastSeq) };
}

/** The highest seq up to which every line of the command is stored (0 when none is). */
export async function findStoredThrough(store: Store, commandId: string): Promise<number> {
  const ranges = await store.$queryRaw<RunRange[]>`SELECT "firstSeq", "lastSeq" FROM "CommandOutputChunk"
    WHERE "commandId" = ${commandId} ORDER BY "firstSeq"`;
  return storedThroughOf(ranges.map(rangeOf));
}

/** Where a command's stored output stands: its contiguous prefix and its highest line. */
export async function findOutputMarks(store: Store, commandId: string): Promise<{ storedThrough: number; highestSeen: number }> {
  const [storedThrough, highest] = await Promise.all([
    findStoredThrough(store, commandId),
    store.commandOutputChunk.aggregate({ where: { commandId }, _max: { lastSeq: true } }),
  ]);
  return { storedThrough, highestSeen: highest._max.lastSeq ?? 0 };
}

/** The stored lines after `afterSeq`, in order, at most `limit` of them. */
export async function readOutput(store: Store, commandId: string, afterSeq: number, limit: number): Promise<OutputLine[]> {
  const lines: OutputLine[] = [];
  let cursor = afterSeq;
  // Runs hold up to MAX_RUN_LINES lines, or one (output stored before runs): read few rows first, more while more are needed.
  for (let rows = FIRST_ROWS_PER_READ; lines.length < limit; rows *= 4) {
    const runs = await store.$queryRaw<OutputRun[]>`SELECT ${RUN_COLUMNS} FROM "CommandOutputChunk"
      WHERE "commandId" = ${commandId} AND "firstSeq" > ${cursor - MAX_RUN_LINES} AND "lastSeq" > ${cursor}
      ORDER BY "firstSeq" LIMIT ${rows}`;
    if (runs.length === 0) break;
    cursor = takeLinesAfter(runs.map(rangeOf), cursor, limit, lines);
  }
  return lines;
}

/** The last `limit` stored lines of a command, in order: what a browser that starts watching sees. */
export async function readOutputTail(store: Store, commandId: string, limit: number): Promise<OutputLine[]> {
  const bySeq = new Map<number, OutputLine>();
  let lowest = Number.POSITIVE_INFINITY;
  // Newest runs first, until the lines taken above the next run's end are `limit`: the tail is complete.
  // Runs do not overlap (unless a store raced), so that count is then every line taken.
  const takenAbove = (seq: number) => (lowest > seq ? bySeq.size : [...bySeq.keys()].filter((key) => key > seq).length);
  for (let skip = 0, rows = FIRST_ROWS_PER_READ; ; skip += rows, rows *= 4) {
    const runs = await store.$queryRaw<OutputRun[]>`SELECT ${RUN_COLUMNS} FROM "CommandOutputChunk"
      WHERE "commandId" = ${commandId} ORDER BY "lastSeq" DESC, "firstSeq" DESC LIMIT ${rows} OFFSET ${skip}`;
    for (const run of runs.map(rangeOf)) {
      if (takenAbove(run.lastSeq) >= limit) return tailOf(bySeq, limit);
      for (const line of linesOf(run)) if (!bySeq.has(line.seq)) bySeq.set(line.seq, line);
      lowest = Math.min(lowest, run.firstSeq);
    }
    if (runs.length < rows) return tailOf(bySeq, limit);
  }
}

function tailOf(bySeq: Map<number, OutputLine>, limit: number): OutputLine[] {
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-limit);
}
