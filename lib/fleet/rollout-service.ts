import { randomUUID } from "node:crypto";
import type { AuditLog } from "../audit/audit-log";
import type { Logger } from "../logger";
import { COMMAND_TYPES, isFinalState, takesRunTests, type AuditAction, type CommandType } from "../protocol/constants";
import type { CommandSummary } from "../protocol/browser";
import {
  isHostBusy,
  isRolloutFinished,
  targetCommitSchema,
  type RolloutControl,
  type RolloutPlan,
  type RolloutScope,
  type RolloutSummary,
  type RolloutView,
} from "../protocol/rollouts";
import type { Store } from "../store/client";
import { findCommand } from "../store/commands";
import {
  createRollout,
  findRollout,
  findUnfinishedRolloutIds,
  hasRolloutOfCommit,
  listRollouts,
  releaseRolloutLease,
  saveRolloutState,
  takeRolloutLease,
} from "../store/rollouts";
import { ServiceError } from "../service-error";
import type { CommandRequests } from "./command-service";
import type { LiveFleet } from "./live-fleet";
import { applyRolloutEvent, decideSends, hostOfCommand, initialRolloutState, planWaves, type RolloutEvent } from "./rollout-machine";

/**
 * The agents' rollback command, once the protocol has one (the host-safety work adds it): until
 * then the "roll back" policy leaves failed hosts as they are.
 */
export const ROLLBACK_COMMAND: CommandType | null = (COMMAND_TYPES as readonly string[]).includes("rollback")
  ? ("rollback" as CommandType)
  : null;

/** Who the audit log names for what a rollout does by itself (its gates, its end). */
export const ROLLOUT_ACTOR = "rollout";

export interface RolloutRequest {
  scope: RolloutScope;
  plan: RolloutPlan;
  requestedBy: string;
  sourceIp?: string;
}

export interface RolloutServiceOptions {
  /** This dashboard's name among replicas: the owner of the leases it takes. */
  replicaId: string;
  /** How long a lease lasts without renewal: a dead replica's rollouts move on after it. */
  leaseMs?: number;
  /** How often soak ends, offline deadlines and free leases are looked at. */
  tickMs?: number;
  /** Result writes are coalesced over this window (results are in the commands' rows too). */
  saveDelayMs?: number;
  /**
   * After the dashboard starts, agents take a while to connect again: until then an offline host is
   * waited for, never skipped.
   */
  offlineGraceMs?: number;
}

interface Running {
  view: RolloutView;
  version: number;
  /** Work on one rollout happens one piece at a time, in order. */
  queue: Promise<void>;
  saveTimer?: NodeJS.Timeout;
  leaseRenewedAt: number;
}

/**
 * Runs rollouts: plans their waves, records each host's command id before sending it through the
 * command service, follows the commands to the gates, and keeps the state in the store so that a
 * restarted dashboard (or, with replicas, the one that takes over the lease) goes on where it was.
 */
export class RolloutService {
  private readonly running = new Map<string, Running>();
  private readonly listeners = new Set<(view: RolloutView) => void>();
  private timer?: NodeJS.Timeout;
  private readonly leaseMs: number;
  private stopped = false;
  private readonly startedAt = Date.now();

  constructor(
    private readonly store: Store,
    private readonly fleet: LiveFleet,
    private readonly commands: CommandRequests,
    private readonly audit: AuditLog,
    private readonly log: Logger,
    private readonly options: RolloutServiceOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 15_000;
    commands.subscribe({ output: () => undefined, changed: (command) => this.commandChanged(command) });
  }

  /** Takes up the unfinished rollouts no live replica runs, and keeps looking for more. */
  async start(): Promise<void> {
    await this.adoptFree();
    this.timer = setInterval(() => void this.tick(), this.options.tickMs ?? 1_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.all(
      [...this.running.values()].map(async (run) => {
        await run.queue;
        clearTimeout(run.saveTimer);
        await this.save(run);
        await releaseRolloutLease(this.store, run.view.id, this.options.replicaId);
      }),
    );
  }

  subscribe(listener: (view: RolloutView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async create(request: RolloutRequest): Promise<RolloutView> {
    const hosts = this.hostsOf(request.scope);
    if (hosts.length === 0) throw new ServiceError("invalid", "no host matches this rollout's scope");
    const plan: RolloutPlan = { ...request.plan, targetCommit: request.plan.targetCommit ?? targetCommitOf(this.fleet.currentTarget()?.gitCommit) };
    const now = Date.now();
    const view: RolloutView = {
      id: randomUUID(),
      requestedBy: request.requestedBy,
      createdAt: now,
      finishedAt: null,
      scope: request.scope,
      plan,
      state: initialRolloutState(planWaves(hosts, plan), now),
    };
    // Leased from its first row: another replica's look for free rollouts must not take it first.
    await createRollout(this.store, view, { owner: this.options.replicaId, until: new Date(now + this.leaseMs) });
    await this.audit.record({
      actor: request.requestedBy,
      action: "rollout.start",
      target: `${hosts.length} hosts`,
      sourceIp: request.sourceIp,
      detail: { rolloutId: view.id, action: plan.action, waves: view.state.waves.length, commit: plan.targetCommit },
    });
    this.log.info("rollout.started", { rollout: view.id, hosts: hosts.length, waves: view.state.waves.length, action: plan.action });
    const run: Running = { view, version: 0, queue: Promise.resolve(), leaseRenewedAt: now };
    this.running.set(view.id, run);
    await this.enqueue(run, () => this.drive(run));
    return view;
  }

  async control(id: string, control: RolloutControl, who: string, sourceIp?: string): Promise<RolloutView> {
    const run = this.running.get(id) ?? (await this.adopt(id));
    if (!run) {
      if (!(await findRollout(this.store, id))) throw new ServiceError("not-found", `no rollout ${id}`);
      throw new ServiceError("conflict", "another dashboard replica runs this rollout: ask again in a moment");
    }
    const now = Date.now();
    const event: RolloutEvent =
      control === "pause" || control === "abort" ? { kind: control } : { kind: control, now } as RolloutEvent;
    let applied = false;
    let running: string[] = [];
    await this.enqueue(run, async () => {
      running = run.view.state.hosts.filter((host) => isHostBusy(host.step)).map((host) => host.name);
      applied = this.apply(run, event);
      if (applied) await this.save(run);
    });
    if (!applied) throw new ServiceError("conflict", `cannot ${control} a rollout that is ${run.view.state.status}`);
    await this.audit.record({
      actor: who,
      action: `rollout.${control}` as AuditAction,
      target: id,
      sourceIp,
      detail: { rolloutId: id, status: run.view.state.status },
    });
    this.log.info("rollout.control", { rollout: id, control, by: who, status: run.view.state.status });
    // Abort stops what runs: the commands end cancelled.
    if (control === "abort") await Promise.all(running.map((host) => this.commands.requestStop(host, who, sourceIp)));
    if (!isRolloutFinished(run.view.state.status) || control === "retry-failed") await this.enqueue(run, () => this.drive(run));
    return run.view;
  }

  /** How many of the rollouts this replica follows are in each state (the metrics' gauge). */
  statusCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const run of this.running.values()) counts.set(run.view.state.status, (counts.get(run.view.state.status) ?? 0) + 1);
    return counts;
  }

  /** A rollout as this replica runs it, or as stored. */
  async get(id: string): Promise<RolloutView | null> {
    return this.running.get(id)?.view ?? (await findRollout(this.store, id))?.view ?? null;
  }

  hasRolloutOf(commit: string): Promise<boolean> {
    return hasRolloutOfCommit(this.store, commit);
  }

  async list(limit = 100): Promise<RolloutSummary[]> {
    return listRollouts(this.store, limit);
  }

  private hostsOf(scope: RolloutScope): string[] {
    const fleet = this.fleet.snapshot();
    const names =
      scope.kind === "fleet"
        ? fleet.map((host) => host.name)
        : scope.kind === "tag"
          ? fleet.filter((host) => host.tags.includes(scope.tag)).map((host) => host.name)
          : scope.hosts.filter((name) => this.fleet.get(name) !== undefined);
    return names.sort();
  }

  private enqueue(run: Running, work: () => Promise<void>): Promise<void> {
    const next = run.queue.then(work).catch((error: unknown) => {
      this.log.error("rollout.failed_step", { rollout: run.view.id, error: error instanceof Error ? error.message : String(error) });
    });
    run.queue = next;
    return next;
  }

  /** Applies an event and audits what it did to the gates and the rollout's end. */
  private apply(run: Running, event: RolloutEvent): boolean {
    const state = run.view.state;
    const before = { status: state.status, gates: state.waves.map((wave) => wave.gate) };
    const applied = applyRolloutEvent(state, run.view.plan, event, ROLLBACK_COMMAND);
    if (!applied) return false;
    state.waves.forEach((wave, index) => {
      if (wave.gate !== before.gates[index] && wave.gate !== "pending") {
        this.log.info("rollout.gate", { rollout: run.view.id, wave: index, gate: wave.gate });
        this.recordAudit("rollout.gate", run.view.id, { wave: index, gate: wave.gate });
      }
    });
    if (state.status !== before.status && (state.status === "succeeded" || state.status === "stopped")) {
      run.view.finishedAt = Date.now();
      this.log.info("rollout.finished", { rollout: run.view.id, status: state.status, reason: state.reason });
      this.recordAudit("rollout.finish", run.view.id, { status: state.status, reason: state.reason });
    }
    if (state.status === "aborted") run.view.finishedAt ??= Date.now();
    this.publish(run);
    return true;
  }

  private recordAudit(action: AuditAction, id: string, detail: Record<string, string | number | null>): void {
    this.audit.record({ actor: ROLLOUT_ACTOR, action, target: id, detail: { rolloutId: id, ...detail } }).catch((error: unknown) =>
      this.log.error("audit.write_failed", { error: String(error) }),
    );
  }

  /**
   * Sends what the state says to send: the ids are written to the store first, so that a restart
   * finds them and never sends a host twice. Repeats while sends or refusals move the rollout on.
   */
  private async drive(run: Running): Promise<void> {
    for (let round = 0; round < 100 && !this.stopped; round++) {
      const decision = decideSends(run.view.state, run.view.plan, (host) => this.fleet.get(host)?.online === true, ROLLBACK_COMMAND);
      if (Date.now() - this.startedAt < (this.options.offlineGraceMs ?? 30_000)) decision.skip = [];
      for (const host of decision.skip) this.apply(run, { kind: "host-skipped", host, reason: "offline" });
      if (decision.send.length === 0) {
        if (decision.skip.length > 0) continue;
        this.scheduleSave(run);
        return;
      }
      const sends = decision.send.map((send) => ({ ...send, id: randomUUID() }));
      for (const send of sends) this.apply(run, { kind: "host-starting", host: send.host, commandId: send.id });
      if (!(await this.save(run))) return;
      const outcomes = await this.commands.requestMany(
        sends.map((send) => ({
          host: send.host,
          type: send.type,
          // The plan's "run tests" is the agent's health gate of the switch: off means off there too.
          ...(takesRunTests(send.type) ? { runTests: run.view.plan.runTests } : {}),
          requestedBy: `rollout:${run.view.requestedBy}`,
          id: send.id,
        })),
      );
      outcomes.forEach((outcome, i) => {
        const send = sends[i]!;
        if (!outcome.ok) this.apply(run, { kind: "host-refused", host: send.host, reason: outcome.reason });
        else this.followCommand(run, outcome.command);
      });
    }
  }

  private followCommand(run: Running, command: CommandSummary): void {
    if (isFinalState(command.state)) {
      const passed = commandPassed(command);
      this.apply(run, {
        kind: "command-ended",
        commandId: command.id,
        succeeded: passed,
        reason: passed ? null : commandReason(command),
        rolledBack: command.state === "rolled-back",
      });
    } else if (command.state === "running") {
      this.apply(run, { kind: "command-running", commandId: command.id });
    }
  }

  private commandChanged(command: CommandSummary): void {
    for (const run of this.running.values()) {
      if (!hostOfCommand(run.view.state, command.id)) continue;
      void this.enqueue(run, async () => {
        this.followCommand(run, command);
        await this.drive(run);
      });
    }
  }

  /** Writes the state; false (and the rollout let go) when another writer moved it on. */
  private async save(run: Running): Promise<boolean> {
    clearTimeout(run.saveTimer);
    run.saveTimer = undefined;
    const version = await saveRolloutState(this.store, run.view.id, run.view.state, run.version);
    if (version === null) {
      this.log.warn("rollout.lost_race", { rollout: run.view.id });
      this.running.delete(run.view.id);
      return false;
    }
    run.version = version;
    // An ended rollout is followed until its last commands (stopped by an abort, rollbacks) end.
    if (isRolloutFinished(run.view.state.status) && !run.view.state.hosts.some((host) => isHostBusy(host.step))) {
      this.running.delete(run.view.id);
    }
    return true;
  }

  private scheduleSave(run: Running): void {
    if (run.saveTimer) return;
    run.saveTimer = setTimeout(() => {
      run.saveTimer = undefined;
      void this.enqueue(run, async () => void (await this.save(run)));
    }, this.options.saveDelayMs ?? 200);
    run.saveTimer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const now = Date.now();
    for (const run of this.running.values()) {
      void this.enqueue(run, async () => {
        if (now - run.leaseRenewedAt > this.leaseMs / 3) {
          if (!(await takeRolloutLease(this.store, run.view.id, this.options.replicaId, new Date(now), new Date(now + this.leaseMs)))) {
            this.log.warn("rollout.lease_lost", { rollout: run.view.id });
            this.running.delete(run.view.id);
            return;
          }
          run.leaseRenewedAt = now;
        }
        this.apply(run, { kind: "tick", now });
        // Also sends to hosts that came online since.
        await this.drive(run);
      });
    }
    await this.adoptFree().catch((error: unknown) => this.log.error("rollout.adopt_failed", { error: String(error) }));
  }

  /** Takes up each unfinished rollout nobody holds (at start, after a replica died). */
  private async adoptFree(): Promise<void> {
    for (const id of await findUnfinishedRolloutIds(this.store)) {
      if (this.running.has(id) || this.stopped) continue;
      const run = await this.adopt(id);
      if (run) await this.enqueue(run, () => this.drive(run));
    }
  }

  /**
   * Takes a rollout's lease (a stopped one too, for a retry), reconciles its state with what became
   * of its commands, and follows it from now on; null when another replica holds it.
   */
  private async adopt(id: string): Promise<Running | null> {
    const now = Date.now();
    if (!(await takeRolloutLease(this.store, id, this.options.replicaId, new Date(now), new Date(now + this.leaseMs)))) return null;
    const stored = await findRollout(this.store, id);
    if (!stored || this.running.has(id)) return this.running.get(id) ?? null;
    const run: Running = { view: stored.view, version: stored.version, queue: Promise.resolve(), leaseRenewedAt: now };
    this.running.set(id, run);
    this.log.info("rollout.resumed", { rollout: id, status: stored.view.state.status, wave: stored.view.state.wave });
    await this.enqueue(run, async () => {
      await this.reconcile(run);
      await this.save(run);
    });
    return run;
  }

  /** After a restart: what became of the commands the state recorded. */
  private async reconcile(run: Running): Promise<void> {
    for (const host of run.view.state.hosts) {
      if (!host.commandId) continue;
      const stored = await findCommand(this.store, host.commandId);
      if (!stored) this.apply(run, { kind: "command-missing", commandId: host.commandId });
      else this.followCommand(run, stored.command);
    }
  }

  private publish(run: Running): void {
    for (const listener of this.listeners) listener(run.view);
  }
}

/**
 * Whether a command that ended passed the gate. A switch under confirm-or-revert reports its result
 * only after it was confirmed (and its health gate passed), or reports `rolled-back`: `succeeded`
 * already means confirmed. A switch with nothing to return to, or with confirm-or-revert off, runs
 * unguarded and is never confirmed, so waiting for `confirmedAt` would hold its rollout for ever.
 */
function commandPassed(command: CommandSummary): boolean {
  return command.state === "succeeded";
}

function targetCommitOf(commit: string | undefined): string | null {
  const parsed = targetCommitSchema.safeParse(commit);
  return parsed.success ? parsed.data : null;
}

function commandReason(command: CommandSummary): string {
  return command.reason ?? `${command.type} ${command.state}${command.exitCode !== null ? ` (exit ${command.exitCode})` : ""}`;
}
