import { rollbackInfoSchema, type CommandState, type CommandType, type OutputChunk } from "../protocol/agent";
import type { CommandSummary, OutputLine, TestRunSummary } from "../protocol/browser";
import { testRunSummary } from "../protocol/test-runs";
import { Prisma, type Command } from "./generated/client.ts";
import type { Store } from "./client";
import { ROWS_PER_STATEMENT, chunksOf } from "./statement-rows";

/** A stored command as the protocol describes it, with the host it belongs to. */
export interface HostCommand {
  host: string;
  command: CommandSummary;
  /** When the agent accepted it, by the dashboard's clock (null while queued). */
  startedAt: number | null;
}

/** A host's finished test run as the protocol describes it. */
export interface HostTestRun {
  host: string;
  testRun: TestRunSummary;
}

function commandSummaryFromRow(row: Command): CommandSummary {
  return {
    id: row.id,
    type: row.type as CommandType,
    state: row.state as CommandState,
    requestedBy: row.requestedBy,
    createdAt: row.createdAt.getTime(),
    finishedAt: row.finishedAt?.getTime() ?? null,
    exitCode: row.exitCode,
    durationMs: row.durationMs,
    reason: row.reason,
    confirmedAt: row.confirmedAt?.getTime() ?? null,
    rollback: storedRollback(row.rollback),
  };
}

/** The rollback stored with a command (JSON, as the agent sent it); null when none or unreadable. */
function storedRollback(json: string | null): CommandSummary["rollback"] {
  if (json === null) return null;
  const parsed = rollbackInfoSchema.safeParse(safeJson(json));
  return parsed.success ? parsed.data : null;
}

function safeJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

function hostCommandFromRow(row: Command): HostCommand {
  return { host: row.hostName, command: commandSummaryFromRow(row), startedAt: row.startedAt?.getTime() ?? null };
}

function testRunFromRow(row: Command): TestRunSummary | null {
  if (row.type !== "test" || (row.state !== "succeeded" && row.state !== "failed") || !row.finishedAt) return null;
  return testRunSummary({ commandId: row.id, state: row.state, tests: storedTests(row.tests), system: row.system, finishedAt: row.finishedAt.getTime() });
}

/** The test results stored with a command (JSON, as the agent sent them); none when unreadable. */
function storedTests(json: string | null): { name?: unknown; state?: unknown }[] {
  try {
    const tests: unknown = JSON.parse(json ?? "[]");
    return Array.isArray(tests) ? tests.filter((test): test is object => typeof test === "object" && test !== null) : [];
  } catch {
    return [];
  }
}

/** Raw statements are not held to Prisma's limit, only to the databases' (32,766 on SQLite, 65,535 on PostgreSQL). */
const COMMANDS_PER_INSERT = 1_000;

export interface NewCommand {
  id: string;
  hostName: string;
  type: CommandType;
  requestedBy: string;
  bulkRunId?: string;
}

/**
 * Inserts queued commands, all or none, in multi-row statements; the summaries are in the order given. Raw SQL, because `createMany` costs about ten times as much per
 * row, and this is what a bulk run waits for before its agents are asked.
 */
export async function createCommands(store: Store, commands: readonly NewCommand[]): Promise<CommandSummary[]> {
  const createdAt = new Date();
  await store.$transaction(
    chunksOf(commands, COMMANDS_PER_INSERT).map((chunk) => {
      const rows = chunk.map(
        (c) => Prisma.sql`(${c.id}, ${c.hostName}, ${c.type}, ${"queued"}, ${c.requestedBy}, ${c.bulkRunId ?? null}, ${createdAt})`,
      );
      return store.$executeRaw`INSERT INTO "Command" ("id", "hostName", "type", "state", "requestedBy", "bulkRunId", "createdAt") VALUES ${Prisma.join(rows)}`;
    }),
  );
  return commands.map((c) => ({
    id: c.id, type: c.type, state: "queued", requestedBy: c.requestedBy, createdAt: createdAt.getTime(),
    finishedAt: null, exitCode: null, durationMs: null, reason: null, confirmedAt: null, rollback: null,
  }));
}

export async function markCommandsRunning(store: Store, ids: readonly string[], startedAt: Date): Promise<void> {
  for (const chunk of chunksOf(ids, ROWS_PER_STATEMENT)) {
    await store.command.updateMany({ where: { id: { in: chunk }, state: "queued" }, data: { state: "running", startedAt } });
  }
}

export interface CommandUpdate {
  state: CommandState;
  startedAt?: Date;
  /** null clears it (a lost command reopened). */
  finishedAt?: Date | null;
  exitCode?: number | null;
  durationMs?: number;
  reason?: string | null;
  tests?: string;
  system?: string | null;
  /** The Preview of a preview command, as JSON. */
  preview?: string;
  /** The agent's rollback, as JSON. */
  rollback?: string;
}

/** The column each field of an update writes (the names are SQL identifiers, never values). */
const UPDATE_COLUMNS: Record<keyof CommandUpdate, string> = {
  state: '"state"',
  startedAt: '"startedAt"',
  finishedAt: '"finishedAt"',
  exitCode: '"exitCode"',
  durationMs: '"durationMs"',
  reason: '"reason"',
  tests: '"tests"',
  system: '"system"',
  preview: '"preview"',
  rollback: '"rollback"',
};

/**
 * Writes the fields given (an absent field keeps its value) and returns the command as stored. One
 * `UPDATE … RETURNING` statement: Prisma's `update` costs about twice as much, and a bulk run
 * makes one per host.
 */
export async function updateCommand(store: Store, id: string, update: CommandUpdate): Promise<CommandSummary> {
  const assignments = (Object.keys(UPDATE_COLUMNS) as (keyof CommandUpdate)[])
    .filter((field) => update[field] !== undefined)
    .map((field) => Prisma.sql`${Prisma.raw(UPDATE_COLUMNS[field])} = ${update[field]}`);
  const rows = await store.$queryRaw<Command[]>`UPDATE "Command" SET ${Prisma.join(assignments)} WHERE "id" = ${id} RETURNING *`;
  if (!rows[0]) throw new Error(`command ${id} is not in the store`);
  return commandSummaryFromRow(rows[0]);
}

/**
 * Records that the agent confirmed switch `id` of `hostName` at `at` (the first confirmation counts);
 * null when the host has no such switch.
 */
export async function confirmCommand(store: Store, id: string, hostName: string, at: Date): Promise<CommandSummary | null> {
  await store.command.updateMany({ where: { id, hostName, confirmedAt: null }, data: { confirmedAt: at } });
  const row = await store.command.findFirst({ where: { id, hostName } });
  return row && commandSummaryFromRow(row);
}

export async function findCommand(store: Store, id: string): Promise<HostCommand | null> {
  const row = await store.command.findUnique({ where: { id } });
  return row && hostCommandFromRow(row);
}

/** Commands that had not ended when the dashboard last stopped. */
export async function findOpenCommands(store: Store): Promise<HostCommand[]> {
  const rows = await store.command.findMany({ where: { state: { in: ["queued", "running", "awaiting-reconnect"] } } });
  return rows.map(hostCommandFromRow);
}

/** Each host's most recent command. */
export async function findLatestCommands(store: Store): Promise<HostCommand[]> {
  const latest = await store.command.groupBy({ by: ["hostName"], _max: { createdAt: true } });
  const rows: Command[] = [];
  for (const chunk of chunksOf(latest, ROWS_PER_STATEMENT)) {
    rows.push(...(await store.command.findMany({
      where: { OR: chunk.map((l) => ({ hostName: l.hostName, createdAt: l._max.createdAt ?? undefined })) },
    })));
  }
  return rows.map(hostCommandFromRow);
}

/**
 * Each host's latest finished test run (succeeded or failed), with the system it tested: the one
 * requested last, by the dashboard's clock (finish times stored by older versions came from agents).
 */
export async function findLatestTestRuns(store: Store): Promise<HostTestRun[]> {
  const latest = await store.command.groupBy({
    by: ["hostName"],
    where: { type: "test", state: { in: ["succeeded", "failed"] } },
    _max: { createdAt: true },
  });
  const rows: Command[] = [];
  for (const chunk of chunksOf(latest, ROWS_PER_STATEMENT)) {
    rows.push(...(await store.command.findMany({
      where: { type: "test", OR: chunk.map((l) => ({ hostName: l.hostName, createdAt: l._max.createdAt ?? undefined })) },
    })));
  }
  return rows.flatMap((row) => {
    const testRun = testRunFromRow(row);
    return testRun ? [{ host: row.hostName, testRun }] : [];
  });
}

export async function listHostCommands(store: Store, hostName: string, page: number, pageSize: number) {
  const [rows, total] = await Promise.all([
    store.command.findMany({
      where: { hostName },
      orderBy: { createdAt: "desc" },
      skip: page * pageSize,
      take: pageSize,
    }),
    store.command.count({ where: { hostName } }),
  ]);
  return { commands: rows.map(commandSummaryFromRow), total };
}

/**
 * Stores output lines; a line already stored (same command and seq) is kept as it was. Each bound
 * value costs Prisma a few microseconds, more than SQLite's insert of the row, so a line binds only
 * its text: the command and the stream are bound once per statement, and the seq, a checked integer,
 * is written into the statement.
 */
export async function insertOutput(store: Store, commandId: string, chunks: readonly OutputChunk[]): Promise<void> {
  const byStream = new Map<string, Prisma.Sql[]>();
  for (const c of chunks) {
    const rows = byStream.get(c.stream) ?? [];
    rows.push(Prisma.sql`(${Prisma.raw(seqLiteral(c.seq))}, ${c.line})`);
    byStream.set(c.stream, rows);
  }
  // VALUES names its columns column1, column2 … on both SQLite and PostgreSQL. `WHERE true` keeps
  // SQLite from reading ON CONFLICT as a join constraint.
  const selects = [...byStream].map(
    ([stream, rows]) =>
      Prisma.sql`SELECT CAST(${commandId} AS TEXT), v.column1, CAST(${stream} AS TEXT), v.column2 FROM (VALUES ${Prisma.join(rows)}) AS v WHERE true`,
  );
  if (selects.length === 0) return;
  await store.$executeRaw`INSERT INTO "CommandOutput" ("commandId", "seq", "stream", "line") ${Prisma.join(selects, " UNION ALL ")} ON CONFLICT DO NOTHING`;
}

function seqLiteral(seq: number): string {
  if (!Number.isSafeInteger(seq)) throw new Error(`output line number ${seq} is not an integer`);
  return String(seq);
}

/** The highest seq up to which every line of the command is stored (0 when none is). */
export async function findStoredThrough(store: Store, commandId: string): Promise<number> {
  const rows = await store.$queryRaw<{ gap: number | bigint | null }[]>`
    SELECT MIN(o."seq") AS gap FROM "CommandOutput" o
    WHERE o."commandId" = ${commandId}
      AND NOT EXISTS (SELECT 1 FROM "CommandOutput" n WHERE n."commandId" = o."commandId" AND n."seq" = o."seq" + 1)`;
  // The first line with no successor ends the run that starts at 1, if line 1 is there at all.
  const first = await store.commandOutput.findUnique({ where: { commandId_seq: { commandId, seq: 1 } }, select: { seq: true } });
  return first ? Number(rows[0]?.gap ?? 0) : 0;
}

/** Where a command's stored output stands: its contiguous prefix and its highest line. */
export async function findOutputMarks(store: Store, commandId: string): Promise<{ storedThrough: number; highestSeen: number }> {
  const [storedThrough, highest] = await Promise.all([
    findStoredThrough(store, commandId),
    store.commandOutput.aggregate({ where: { commandId }, _max: { seq: true } }),
  ]);
  return { storedThrough, highestSeen: highest._max.seq ?? 0 };
}

// The stream column holds only what insertOutput wrote, an OutputChunk's stream: it reads back as the protocol's.
const outputLine = { seq: true, stream: true, line: true } as const;

export async function readOutput(store: Store, commandId: string, afterSeq: number, limit: number): Promise<OutputLine[]> {
  const lines = await store.commandOutput.findMany({
    where: { commandId, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit,
    select: outputLine,
  });
  return lines as OutputLine[];
}

/** The last `limit` stored lines of a command, in order: what a browser that starts watching sees. */
export async function readOutputTail(store: Store, commandId: string, limit: number): Promise<OutputLine[]> {
  const lines = await store.commandOutput.findMany({
    where: { commandId },
    orderBy: { seq: "desc" },
    take: limit,
    select: outputLine,
  });
  return (lines as OutputLine[]).reverse();
}
