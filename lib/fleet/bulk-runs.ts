import { randomUUID } from "node:crypto";
import type { Logger } from "../logger";
import type { CommandType } from "../protocol/agent";
import type { BulkHostState, BulkRunView, CommandSummary } from "../protocol/browser";
import type { AuditLog } from "../audit/audit-log";
import { isFinalState } from "../protocol/constants";
import type { BulkRunRecords } from "../store/bulk-runs";
import type { CommandRequests } from "./command-service";

export interface BulkRequest {
  hosts: readonly string[];
  type: CommandType;
  /** Only for `switch` and `pull-switch`: false skips each agent's health gate (absent: on). */
  runTests?: boolean;
  requestedBy: string;
  sourceIp?: string;
}

/** Which count a host of a run is in; a command not yet ended counts as running. */
function bulkOutcome(state: BulkHostState["state"]): keyof BulkRunView["counts"] {
  if (state === "skipped") return "skipped";
  if (state === "succeeded") return "succeeded";
  return isFinalState(state) ? "failed" : "running";
}

/** Counts of a run's hosts by outcome. */
export function countBulkStates(hosts: readonly BulkHostState[]): BulkRunView["counts"] {
  const counts = { running: 0, succeeded: 0, failed: 0, skipped: 0 };
  for (const host of hosts) counts[bulkOutcome(host.state)]++;
  return counts;
}

interface Run {
  view: BulkRunView;
  byCommand: Map<string, BulkHostState>;
  /** Changes that arrive while the run's commands are being started, before their ids are known. */
  early?: Map<string, CommandSummary>;
  publishTimer?: NodeJS.Timeout;
}

/** A finished run stays this long, for browsers that connect after it finished (a restart, a reconnect). */
const FINISHED_KEPT_MS = 10 * 60_000;

/**
 * Runs one command on many hosts and follows their commands to a summary. Runs are recorded, so that
 * a restarted dashboard follows the unfinished ones again (`restore`) and their summaries complete.
 */
export class BulkRuns {
  private readonly runs = new Map<string, Run>();
  private readonly listeners = new Set<(view: BulkRunView) => void>();

  constructor(
    private readonly commands: CommandRequests,
    private readonly records: BulkRunRecords,
    private readonly log: Logger,
    private readonly audit: AuditLog,
    private readonly publishIntervalMs = 250,
  ) {
    commands.subscribe({ output: () => undefined, changed: (command) => this.commandChanged(command) });
  }

  subscribe(listener: (view: BulkRunView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs going on, and those finished in the last minutes: what a browser that connects is sent. */
  recent(): BulkRunView[] {
    this.forgetOldRuns();
    return [...this.runs.values()].map((run) => run.view);
  }

  private forgetOldRuns(): void {
    const since = Date.now() - FINISHED_KEPT_MS;
    for (const [id, run] of this.runs) {
      if (run.view.finishedAt !== null && run.view.finishedAt < since) this.runs.delete(id);
    }
  }

  /** Follows the runs the store says were not finished (at start): their commands' changes complete them. */
  async restore(): Promise<void> {
    for (const view of await this.records.unfinished()) {
      if (this.runs.has(view.id)) continue;
      const run: Run = { view, byCommand: new Map() };
      for (const host of view.hosts) if (host.commandId) run.byCommand.set(host.commandId, host);
      view.counts = countBulkStates(view.hosts);
      this.runs.set(view.id, run);
      this.log.info("bulk.restored", { run: view.id, ...view.counts });
      this.checkFinished(run);
    }
  }

  async start(request: BulkRequest): Promise<BulkRunView> {
    this.forgetOldRuns();
    const id = randomUUID();
    const hosts = [...new Set(request.hosts)];
    await this.audit.record({
      actor: request.requestedBy,
      action: `bulk.${request.type}` as const,
      target: `${hosts.length} hosts`,
      sourceIp: request.sourceIp,
      detail: { bulkRunId: id, hosts: hosts.slice(0, 50).join(","), ...(request.runTests === false ? { runTests: false } : {}) },
    });
    const run: Run = {
      view: { id, type: request.type, requestedBy: request.requestedBy, startedAt: Date.now(), finishedAt: null, hosts: [], counts: countBulkStates([]) },
      byCommand: new Map(),
      early: new Map(),
    };
    this.runs.set(id, run);
    await this.records.created(run.view);
    const outcomes = await this.commands.requestMany(
      hosts.map((host) => ({
        host,
        type: request.type,
        ...(request.runTests === undefined ? {} : { runTests: request.runTests }),
        requestedBy: request.requestedBy,
        sourceIp: request.sourceIp,
        bulkRunId: id,
      })),
    );
    run.view.hosts = hosts.map((name, i): BulkHostState => {
      const outcome = outcomes[i]!;
      if (!outcome.ok) return { name, state: "skipped", reason: outcome.reason, commandId: null };
      const latest = run.early?.get(outcome.command.id) ?? outcome.command;
      const state: BulkHostState = { name, state: latest.state, reason: latest.reason, commandId: latest.id };
      run.byCommand.set(outcome.command.id, state);
      return state;
    });
    run.early = undefined;
    run.view.counts = countBulkStates(run.view.hosts);
    this.checkFinished(run, false);
    await this.records.started(run.view);
    this.log.info("bulk.started", { run: id, type: request.type, hosts: hosts.length, ...run.view.counts });
    this.publish(run);
    return run.view;
  }

  private commandChanged(command: CommandSummary & { hostName: string }): void {
    for (const run of this.runs.values()) {
      const host = run.byCommand.get(command.id);
      if (!host) {
        run.early?.set(command.id, command);
        continue;
      }
      // Counted per change, not over the run's hosts: a run to 10,000 hosts has 10,000 changes.
      run.view.counts[bulkOutcome(host.state)]--;
      run.view.counts[bulkOutcome(command.state)]++;
      host.state = command.state;
      host.reason = command.reason;
      this.checkFinished(run);
      this.schedulePublish(run);
    }
  }

  /** Marks the run finished once nothing runs; `record` false: the caller records it with the rest. */
  private checkFinished(run: Run, record = true): void {
    if (run.view.counts.running === 0 && run.view.finishedAt === null) {
      run.view.finishedAt = Date.now();
      this.log.info("bulk.finished", { run: run.view.id, ...run.view.counts });
      if (record) {
        this.records.finished(run.view).catch((error: unknown) =>
          this.log.error("bulk.record_failed", { run: run.view.id, error: String(error) }),
        );
      }
    }
  }

  /** Coalesces a burst of command changes into one progress message. */
  private schedulePublish(run: Run): void {
    if (run.publishTimer) return;
    run.publishTimer = setTimeout(() => {
      run.publishTimer = undefined;
      this.publish(run);
    }, this.publishIntervalMs);
    run.publishTimer.unref();
  }

  private publish(run: Run): void {
    for (const listener of this.listeners) listener(run.view);
    if (run.view.finishedAt !== null) clearTimeout(run.publishTimer);
  }
}
