import type { CommandState, CommandType } from "../protocol/agent";
import type { BulkHostState, BulkRunView } from "../protocol/browser";
import type { Store } from "./client";

/** How the bulk runs service keeps its runs, so that a restarted dashboard finishes their summaries. */
export interface BulkRunRecords {
  /** Before its commands are created (they name the run). */
  created(run: BulkRunView): Promise<void>;
  /** Once its hosts are known: the skipped ones are only recorded here. */
  started(run: BulkRunView): Promise<void>;
  finished(run: BulkRunView): Promise<void>;
  /** Runs not finished, as their commands now stand (skipped hosts first, then by name). */
  unfinished(): Promise<BulkRunView[]>;
}

type Skipped = { name: string; reason: string | null }[];

function parseSkipped(text: string): Skipped {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((s): s is Skipped[number] => typeof s?.name === "string") : [];
  } catch {
    return [];
  }
}

export function storeBulkRuns(store: Store): BulkRunRecords {
  return {
    async created(run) {
      await store.bulkRun.create({
        data: { id: run.id, type: run.type, requestedBy: run.requestedBy, startedAt: new Date(run.startedAt) },
      });
    },
    async started(run) {
      const skipped = run.hosts.filter((h) => h.state === "skipped").map((h) => ({ name: h.name, reason: h.reason }));
      await store.bulkRun.update({
        where: { id: run.id },
        data: { skipped: JSON.stringify(skipped), finishedAt: run.finishedAt === null ? null : new Date(run.finishedAt) },
      });
    },
    async finished(run) {
      await store.bulkRun.update({ where: { id: run.id }, data: { finishedAt: new Date(run.finishedAt ?? Date.now()) } });
    },
    async unfinished() {
      const rows = await store.bulkRun.findMany({ where: { finishedAt: null } });
      const views: BulkRunView[] = [];
      for (const row of rows) {
        const commands = await store.command.findMany({
          where: { bulkRunId: row.id },
          select: { id: true, hostName: true, state: true, reason: true },
          orderBy: { hostName: "asc" },
        });
        const hosts: BulkHostState[] = [
          ...parseSkipped(row.skipped).map((s): BulkHostState => ({ name: s.name, state: "skipped", reason: s.reason, commandId: null })),
          ...commands.map((c): BulkHostState => ({ name: c.hostName, state: c.state as CommandState, reason: c.reason, commandId: c.id })),
        ];
        views.push({
          id: row.id, type: row.type as CommandType, requestedBy: row.requestedBy, startedAt: row.startedAt.getTime(),
          finishedAt: null, hosts, counts: { running: 0, succeeded: 0, failed: 0, skipped: 0 },
        });
      }
      return views;
    },
  };
}
