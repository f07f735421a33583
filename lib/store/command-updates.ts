import type { CommandState } from "../protocol/agent";
import type { CommandSummary } from "../protocol/browser";
import { Prisma, type Command } from "./generated/client.ts";
import type { Store } from "./client";
import { commandSummaryFromRow } from "./command-rows";
import { chunksOf } from "./statement-rows";
import { valuesListTyping, type ValuesListType } from "./values-list";

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

/** The column each field of an update writes (the names are SQL identifiers, never values), and its type. */
const UPDATE_COLUMNS: Record<keyof CommandUpdate, { column: string; type: ValuesListType }> = {
  state: { column: '"state"', type: "text" },
  startedAt: { column: '"startedAt"', type: "timestamp(3)" },
  finishedAt: { column: '"finishedAt"', type: "timestamp(3)" },
  exitCode: { column: '"exitCode"', type: "integer" },
  durationMs: { column: '"durationMs"', type: "integer" },
  reason: { column: '"reason"', type: "text" },
  tests: { column: '"tests"', type: "text" },
  system: { column: '"system"', type: "text" },
  preview: { column: '"preview"', type: "text" },
  rollback: { column: '"rollback"', type: "text" },
};
const FIELDS = Object.keys(UPDATE_COLUMNS) as (keyof CommandUpdate)[];

/** Rows per statement: the id and up to ten fields a row, under SQLite's 32,766 bound values. */
const UPDATES_PER_STATEMENT = 1_000;

export interface IdentifiedUpdate {
  id: string;
  update: CommandUpdate;
}

/**
 * Writes many commands' updates in the order given (a field an update leaves out keeps its value)
 * and returns each command as stored (null for an id that is not in the store). The results of a bulk run arrive together: updates that write
 * the same fields share one `UPDATE … FROM (VALUES …) RETURNING` statement, all of them one
 * transaction, where one statement each cost the dashboard most of its time per result.
 */
export async function updateCommands(store: Store, updates: readonly IdentifiedUpdate[]): Promise<(CommandSummary | null)[]> {
  const typed = valuesListTyping(store);
  const statements: { indexes: number[]; sql: Prisma.Sql }[] = [];
  for (const round of rounds(updates)) {
    for (const group of groupByFields(round, updates)) {
      for (const indexes of chunksOf(group.indexes, UPDATES_PER_STATEMENT)) {
        const rows = indexes.map((index) => {
          const { id, update } = updates[index]!;
          return Prisma.sql`(${Prisma.join([typed(id, "text"), ...group.fields.map((field) => typed(update[field] ?? null, UPDATE_COLUMNS[field].type))])})`;
        });
        // SQLite (and PostgreSQL) name the columns of a VALUES list column1, column2, …
        const assignments = group.fields.map((field, i) => Prisma.raw(`${UPDATE_COLUMNS[field].column} = v.column${i + 2}`));
        statements.push({
          indexes,
          sql: Prisma.sql`UPDATE "Command" SET ${Prisma.join(assignments)} FROM (VALUES ${Prisma.join(rows)}) AS v WHERE "Command"."id" = v.column1 RETURNING *`,
        });
      }
    }
  }
  const results = await store.$transaction(statements.map(({ sql }) => store.$queryRaw<Command[]>(sql)));
  const summaries: (CommandSummary | null)[] = updates.map(() => null);
  statements.forEach(({ indexes }, s) => {
    const byId = new Map(results[s]!.map((row) => [row.id, row]));
    for (const index of indexes) {
      const row = byId.get(updates[index]!.id);
      summaries[index] = row ? commandSummaryFromRow(row) : null;
    }
  });
  return summaries;
}

/** The updates' indexes in rounds in which no command appears twice, keeping each command's order. */
function rounds(updates: readonly IdentifiedUpdate[]): number[][] {
  const result: number[][] = [];
  const seen = new Map<string, number>();
  updates.forEach(({ id }, index) => {
    const round = seen.get(id) ?? 0;
    seen.set(id, round + 1);
    (result[round] ??= []).push(index);
  });
  return result;
}

/** The indexes of a round grouped by the fields their updates write. */
function groupByFields(indexes: readonly number[], updates: readonly IdentifiedUpdate[]): { fields: (keyof CommandUpdate)[]; indexes: number[] }[] {
  const groups = new Map<string, { fields: (keyof CommandUpdate)[]; indexes: number[] }>();
  for (const index of indexes) {
    const fields = FIELDS.filter((field) => updates[index]!.update[field] !== undefined);
    const key = fields.join(",");
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { fields, indexes: [] }));
    group.indexes.push(index);
  }
  return [...groups.values()];
}
