import type { Ack, CommandRun, CommandRunAck, CommandType } from "../../lib/protocol/index";
import type { AgentOptions } from "../cli";
import type { CommandJournal, JournalEntry } from "../journal";
import { errorMessage, type Logger } from "../log";
import type { Outbox } from "../outbox";
import { isGroupAlive, sleep, type ExitStatus } from "../process-group";
import { CommandContext, outcomeOf, type CommandOutcome } from "./context";
import { detachedFiles, followDetached, removeDetachedFiles } from "./detached";
import { runPreview } from "./preview";
import { runPull } from "./pull";
import { fileIdentity, runSwitch } from "./switch";
import { runRollback } from "./rollback";
import { requestedHealthGate } from "./health-gate";
import { resumeSafeSwitch, runRevert, safeSwitch, type GuardedActivation } from "./safe-switch";
import { runTests } from "./test";
import { removeWatchdogFiles, watchdogFiles } from "./watchdog";

export interface RunnerHooks {
  /** A pull or switch ended: the repository or the running system may have changed. */
  afterRepoChange(): void;
  /** A command started or ended: the dashboard should hear the new status soon. */
  onStatusChange(): void;
  /** A switch replaced the agent's own executable: finish delivering, then exit to be restarted. */
  onSelfReplaced(): void;
  /** The repository to clone in isolated mode, as known now (repo-url.ts); null when nothing names one. */
  repoUrl(): string | null;
  /** Confirm-or-revert: confirms a switch over a new connection to the dashboard (confirm-connection.ts). */
  confirmSwitch(commandId: string, timeoutMs: number): Promise<Ack>;
}

interface ActiveCommand {
  ctx: CommandContext;
  done: Promise<void>;
}

const RECOVERY_POLL_MS = 2_000;
/** Commands that change neither the repository nor the running system. */
const LEAVES_HOST_ALONE: ReadonlySet<CommandType> = new Set(["test", "preview"]);

/**
 * Runs one command at a time (SPEC 2.4): refuses a second one with the reason, stops the running one
 * on request, and after a restart picks up the command its journal names.
 */
export class CommandRunner {
  private active: ActiveCommand | null = null;

  constructor(
    private readonly options: AgentOptions,
    private readonly outbox: Outbox,
    private readonly journal: CommandJournal,
    private readonly log: Logger,
    private readonly hooks: RunnerHooks,
  ) {}

  runningCommand(): { id: string; type: CommandType } | null {
    return this.active === null ? null : { id: this.active.ctx.id, type: this.active.ctx.type };
  }

  /** Resolves when the running command (if any) has ended and its result is in the outbox. */
  idle(): Promise<void> {
    return this.active?.done ?? Promise.resolve();
  }

  /** Starts a command (not `refresh`, which evaluates and runs nothing) unless one is running. */
  start(command: CommandRun & { type: CommandType }): CommandRunAck {
    if (this.active !== null) {
      return { accepted: false, reason: `busy: ${this.active.ctx.type} ${this.active.ctx.id} is running` };
    }
    if (this.outbox.has(command.id)) return { accepted: false, reason: `command ${command.id} already ran on this host` };
    const entry: JournalEntry = {
      id: command.id,
      type: command.type,
      startedAt: Date.now(),
      step: command.type,
      pid: null,
      outputFile: null,
      exitFile: null,
      stopRequested: false,
      safety: null,
    };
    this.outbox.begin(entry.id, entry.type, entry.startedAt);
    this.journal.write(entry);
    const ctx = this.context(entry);
    this.log.info("command.started", { command: entry.id, type: entry.type });
    this.track(ctx, () => this.perform(ctx, command));
    return { accepted: true };
  }

  /** `stop` always gets through while a command runs; the ending itself continues in the background. */
  stop(commandId: string): Ack {
    const active = this.active;
    if (active === null) return { ok: false, error: `no command is running (asked to stop ${commandId})` };
    if (active.ctx.id !== commandId) {
      return { ok: false, error: `command ${commandId} is not running (${active.ctx.type} ${active.ctx.id} is)` };
    }
    this.log.info("command.stopping", { command: commandId });
    void active.ctx.stop();
    return { ok: true };
  }

  /**
   * After a restart: the journal names a command this agent started. Follow it if it still runs,
   * report how it ended otherwise; either way its output and result reach the dashboard.
   */
  recover(): void {
    const entry = this.journal.read();
    this.closeOrphans(entry?.id ?? null);
    if (entry === null) return;
    if (this.outbox.hasResult(entry.id)) {
      this.journal.clear();
      return;
    }
    this.outbox.begin(entry.id, entry.type, entry.startedAt);
    const ctx = this.context(entry);
    this.log.info("command.recovered", { command: entry.id, type: entry.type, step: entry.step, pid: entry.pid, phase: entry.safety?.phase });
    const followStep = async (): Promise<ExitStatus> => {
      if (entry.outputFile === null || entry.exitFile === null) {
        ctx.note(`the agent stopped while ${entry.step} ran; its exit code is unknown`);
        return { exitCode: null, signal: null, spawnError: null };
      }
      const files = { ...detachedFiles(this.options.stateDir, entry.id), outputFile: entry.outputFile, exitFile: entry.exitFile };
      ctx.note(`agent restarted: following the detached ${entry.step}${entry.pid === null ? "" : ` (pid ${entry.pid})`}`);
      return followDetached(ctx, entry.pid, files);
    };
    if (entry.safety !== null) {
      ctx.note(`agent restarted during a switch under confirm-or-revert (${entry.safety.phase}): carrying on`);
      this.track(ctx, () => resumeSafeSwitch(ctx, this.options, this.hooks, followStep, followStep));
    } else if (entry.outputFile !== null && entry.exitFile !== null) {
      this.track(ctx, async () => outcomeOf(await followStep(), ctx.stopped || entry.stopRequested));
    } else if (entry.pid !== null && isGroupAlive(entry.pid)) {
      const pid = entry.pid;
      ctx.adopt(pid);
      ctx.note(`agent restarted while ${entry.step} ran (pid ${pid}): its further output is lost; waiting for it to end`);
      this.track(ctx, async () => {
        while (isGroupAlive(pid)) await sleep(RECOVERY_POLL_MS);
        ctx.note(`${entry.step} ended; its exit code is unknown to the restarted agent`);
        return { state: ctx.stopped || entry.stopRequested ? "cancelled" : "failed", exitCode: null };
      });
    } else {
      ctx.note(`the agent stopped while this command ran (step ${entry.step}); it did not finish`);
      this.track(ctx, async () => ({ state: entry.stopRequested ? "cancelled" : "failed", exitCode: null }));
    }
  }

  /**
   * A command in the outbox without a result that the journal does not name was cut off between its
   * first record and its journal entry: close it, so the dashboard hears of it and the outbox can
   * forget it.
   */
  private closeOrphans(journalId: string | null): void {
    for (const id of this.outbox.commandIds()) {
      if (id === journalId || this.outbox.hasResult(id)) continue;
      const { type, startedAt } = this.outbox.record(id);
      this.outbox.append(id, [{ stream: "system", line: "the agent stopped before this command could run" }]);
      this.outbox.finish(id, { commandId: id, type, state: "failed", exitCode: null, startedAt, durationMs: Math.max(0, Date.now() - startedAt) });
    }
  }

  /**
   * The agent is stopping: a command in the agent's own process groups is stopped (its result says
   * cancelled); a detached step is left to finish, and the next start reports it.
   */
  async shutdown(): Promise<void> {
    const active = this.active;
    // A detached step outlives the agent on purpose (launchd restarts the agent during it).
    if (active === null || active.ctx.inDetachedStep) return;
    await active.ctx.stop();
    await active.done;
  }

  private context(entry: JournalEntry): CommandContext {
    return new CommandContext(entry, this.outbox, this.journal, this.options.stopGraceMs, this.log);
  }

  private track(ctx: CommandContext, body: () => Promise<CommandOutcome>): void {
    const done = (async () => {
      let outcome: CommandOutcome;
      try {
        outcome = await body();
      } catch (error) {
        this.log.error("command.crashed", { command: ctx.id, error: errorMessage(error) });
        ctx.note(`agent error: ${errorMessage(error)}`);
        outcome = { state: ctx.stopped ? "cancelled" : "failed", exitCode: null };
      }
      // A stopped command is over only when nothing of its process group is left.
      await ctx.terminated();
      this.finish(ctx, outcome);
    })();
    this.active = { ctx, done };
    this.hooks.onStatusChange();
  }

  private finish(ctx: CommandContext, outcome: CommandOutcome): void {
    const durationMs = Math.max(0, Date.now() - ctx.startedAt);
    ctx.note(`${ctx.type} ${outcome.state}${outcome.exitCode === null ? "" : ` (exit code ${outcome.exitCode})`} in ${(durationMs / 1000).toFixed(1)} s`);
    this.outbox.finish(ctx.id, {
      commandId: ctx.id,
      type: ctx.type,
      state: outcome.state,
      exitCode: outcome.exitCode,
      startedAt: ctx.startedAt,
      durationMs,
      ...(outcome.tests ? { tests: outcome.tests } : {}),
      ...(outcome.preview ? { preview: outcome.preview } : {}),
      ...(outcome.rollback ? { rollback: outcome.rollback } : {}),
    });
    this.journal.clear();
    removeDetachedFiles(detachedFiles(this.options.stateDir, ctx.id));
    removeWatchdogFiles(watchdogFiles(this.options.stateDir, ctx.id));
    this.active = null;
    this.log.info("command.finished", { command: ctx.id, type: ctx.type, state: outcome.state, exitCode: outcome.exitCode, durationMs });
    if (!LEAVES_HOST_ALONE.has(ctx.type)) this.hooks.afterRepoChange();
    this.hooks.onStatusChange();
  }

  private async perform(ctx: CommandContext, command: CommandRun): Promise<CommandOutcome> {
    switch (ctx.type) {
      case "pull":
        return this.pull(ctx);
      case "switch":
        return this.switchAndCheckSelf(ctx, command.runTests);
      case "pull-switch": {
        const pulled = await this.pull(ctx);
        if (pulled.state !== "succeeded") return pulled;
        this.hooks.afterRepoChange();
        return this.switchAndCheckSelf(ctx, command.runTests);
      }
      case "test":
        return runTests(ctx, this.options);
      case "preview":
        return runPreview(ctx, this.options);
      case "rollback":
        return runRollback(ctx, this.options, command.generation, (target) =>
          this.guarded(ctx, { activate: () => runRevert(ctx, this.options, target), healthGate: "none", target: target.number }),
        );
    }
  }

  private pull(ctx: CommandContext): Promise<CommandOutcome> {
    return runPull(ctx, { ...this.options, repoUrl: this.hooks.repoUrl() });
  }

  /** Activates a system (a switch, a rollback) under confirm-or-revert when it is on, else as it is. */
  private async guarded(ctx: CommandContext, activation: GuardedActivation): Promise<CommandOutcome> {
    if (this.options.confirmTimeoutSeconds > 0) return safeSwitch(ctx, this.options, this.hooks, activation);
    return outcomeOf(await activation.activate(), ctx.stopped);
  }

  private async switchAndCheckSelf(ctx: CommandContext, runTests: boolean | undefined): Promise<CommandOutcome> {
    const before = fileIdentity(this.options.selfPath);
    const outcome = await this.guarded(ctx, { activate: () => runSwitch(ctx, this.options), healthGate: requestedHealthGate(runTests) });
    if (outcome.state === "succeeded" && before !== null && fileIdentity(this.options.selfPath) !== before) {
      ctx.note("the switch replaced the agent itself: it restarts once this result is delivered");
      this.hooks.onSelfReplaced();
    }
    return outcome;
  }
}
