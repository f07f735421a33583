import type { CommandType } from "../protocol/agent";
import type { CommandSummary, TestRunSummary } from "../protocol/browser";
import { FINAL_COMMAND_STATES, SYSTEM_CHANGING_COMMANDS } from "../protocol/constants";
import { testRunSummary } from "../protocol/test-runs";
import { Prisma, type Command } from "./generated/client.ts";
import type { Store } from "./client";
import { findLatestPerHost } from "./latest-per-host";
import { ROWS_PER_STATEMENT, chunksOf } from "./statement-rows";
import { commandSummaryFromRow } from "./command-rows";

// Commands change state through command-updates.ts, one statement for many of them.
export { updateCommands, type CommandUpdate, type IdentifiedUpdate } from "./command-updates";

// A command's output is stored in runs of lines (output-chunks.ts); it is read and written here, with the command.
export { findOutputMarks, findStoredThrough, insertOutput, insertOutputCut, insertOutputs, readOutput, readOutputTail, type CommandOutput } from "./output-chunks";

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

/** Which of these command ids exist (a caller-chosen id is used once). */
export async function findExistingCommandIds(store: Store, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = new Set<string>();
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await store.command.findMany({ where: { id: { in: ids.slice(start, start + 500) } }, select: { id: true } });
    for (const row of rows) found.add(row.id);
  }
  return found;
}

/** Commands that had not ended when the dashboard last stopped. */
export async function findOpenCommands(store: Store): Promise<HostCommand[]> {
  const rows = await store.command.findMany({ where: { state: { in: ["queued", "running", "awaiting-reconnect"] } } });
  return rows.map(hostCommandFromRow);
}

/** Each host's most recent command. */
export async function findLatestCommands(store: Store): Promise<HostCommand[]> {
  return (await findLatestPerHost(store)).map(hostCommandFromRow);
}

/** Each host's latest switch, pull-switch or rollback that ended: whether its host was left rolled back. */
export async function findLatestSystemChanges(store: Store): Promise<HostCommand[]> {
  const rows = await findLatestPerHost(store, { type: { in: [...SYSTEM_CHANGING_COMMANDS] }, state: { in: [...FINAL_COMMAND_STATES] } });
  return rows.map(hostCommandFromRow);
}

/**
 * Each host's latest finished test run (succeeded or failed), with the system it tested: the one
 * requested last, by the dashboard's clock (finish times stored by older versions came from agents).
 */
export async function findLatestTestRuns(store: Store): Promise<HostTestRun[]> {
  const rows = await findLatestPerHost(store, { type: "test", state: { in: ["succeeded", "failed"] } });
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
