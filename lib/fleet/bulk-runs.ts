import { randomUUID } from "node:crypto";
import type { Logger } from "../logger";
import type { CommandType } from "../protocol/agent";
import type { BulkHostState, BulkRunView, CommandSummary } from "../protocol/browser";
import type { AuditLog } from "../audit/audit-log";
import { isFinalState } from "../protocol/constants";
import type { CommandRequests } from "./command-service";

export interface BulkRequest {
  hosts: readonly string[];
  type: CommandType;
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

/** Runs one command on many hosts and follows their commands to a summary. */
export class BulkRuns {
  private readonly runs = new Map<string, Run>();
  private readonly listeners = new Set<(view: BulkRunView) => void>();

  constructor(
    private readonly commands: CommandRequests,
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

  async start(request: BulkRequest): Promise<BulkRunView> {
    const id = randomUUID();
    const hosts = [...new Set(request.hosts)];
    await this.audit.record({
      actor: request.requestedBy,
      action: `bulk.${request.type}` as const,
      target: `${hosts.length} hosts`,
      sourceIp: request.sourceIp,
      detail: { bulkRunId: id, hosts: hosts.slice(0, 50).join(",") },
    });
    const run: Run = {
      view: { id, type: request.type, requestedBy: request.requestedBy, startedAt: Date.now(), finishedAt: null, hosts: [], counts: countBulkStates([]) },
      byCommand: new Map(),
      early: new Map(),
    };
    this.runs.set(id, run);
    const outcomes = await this.commands.requestMany(
      hosts.map((host) => ({ host, type: request.type, requestedBy: request.requestedBy, sourceIp: request.sourceIp, bulkRunId: id })),
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
    this.checkFinished(run);
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

  private checkFinished(run: Run): void {
    if (run.view.counts.running === 0 && run.view.finishedAt === null) {
      run.view.finishedAt = Date.now();
      this.log.info("bulk.finished", { run: run.view.id, ...run.view.counts });
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
    if (run.view.finishedAt !== null) {
      clearTimeout(run.publishTimer);
      this.runs.delete(run.view.id);
    }
  }
}
