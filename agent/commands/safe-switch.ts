import path from "node:path";
import type { Ack, RollbackInfo } from "../../lib/protocol/index";
import type { AgentOptions } from "../cli";
import { currentGeneration, readGenerations } from "../generations";
import type { SwitchSafety } from "../journal";
import { platformSupport } from "../platforms/index";
import { sleep, type ExitStatus } from "../process-group";
import { outcomeOf, type CommandContext, type CommandOutcome } from "./context";
import { detachedFiles, runDetachedStep } from "./detached";
import { decideHealthGate, type HealthGate } from "./health-gate";
import { revertShellArgs, type RevertTarget } from "./revert";
import { findTests, runTests } from "./test";
import { readVerdict, standDown, startWatchdog, watchdogFiles, watchdogLog, type WatchdogFiles } from "./watchdog";

export type SafetySettings = Pick<
  AgentOptions,
  "platform" | "profile" | "currentSystemLink" | "confirmTimeoutSeconds" | "rollbackOnTestFailure" | "stateDir" | "repoDir" | "hostname"
>;

/** What runs under the safety net: a switch, or a rollback's activation of an older generation. */
export interface GuardedActivation {
  /** Makes the new system the running one (detached: it may restart the agent). */
  activate(): Promise<ExitStatus>;
  healthGate: HealthGate;
  /** The generation it activates, when known beforehand (a rollback's target). */
  target?: number;
}

export interface SafetyHooks {
  /** Confirms the switch over a new connection to the dashboard, giving up after `timeoutMs`. */
  confirmSwitch(commandId: string, timeoutMs: number): Promise<Ack>;
}

/** Between two confirmation attempts. */
const CONFIRM_RETRY_MS = 1_000;
/** The longest single attempt: a connection that hangs must not use up the whole window. */
const CONFIRM_ATTEMPT_MS = 10_000;
/** How long the agent waits for the watchdog's verdict after the deadline before it reports without it. */
const VERDICT_WAIT_MS = 10 * 60_000;
const VERDICT_POLL_MS = 500;

/**
 * A switch under confirm-or-revert (README "Safety model"): record the running generation, start
 * the watchdog, switch, then confirm over a new connection before the deadline (else the watchdog
 * switches back), then the health gate. Each step is journalled first, so an agent restarted at any
 * point carries on from there (`resumeSafeSwitch`). Without a running generation to return to there
 * is nothing to revert to: the switch runs unguarded, and says so. A rollback runs the same way:
 * the generation it leaves is the one the watchdog returns to.
 */
export async function safeSwitch(ctx: CommandContext, settings: SafetySettings, hooks: SafetyHooks, activation: GuardedActivation): Promise<CommandOutcome> {
  const previous = currentGeneration(settings.profile, settings.currentSystemLink);
  if (previous === null) {
    ctx.note(`confirm-or-revert: no generation of ${settings.profile} is running, so there is none to return to: switching without it`);
    return outcomeOf(await activation.activate(), ctx.stopped);
  }
  const timeoutSeconds = settings.confirmTimeoutSeconds;
  ctx.updateJournal({
    safety: {
      phase: "recorded",
      previous: { number: previous.number, storePath: previous.storePath, link: previous.link },
      timeoutSeconds,
      deadline: null,
      switchedTo: activation.target ?? null,
      switchExitCode: null,
      rollback: null,
      healthGate: activation.healthGate,
    },
  });
  ctx.note(`confirm-or-revert: generation ${previous.number} recorded; unless the dashboard confirms within ${timeoutSeconds} s after the switch, the watchdog returns to it`);
  const files = watchdogFiles(settings.stateDir, ctx.id);
  const failed = await startWatchdog(ctx, files, {
    launcher: platformSupport(settings.platform).switchLauncher(process.env, process.platform),
    timeoutSeconds,
    switchFiles: detachedFiles(settings.stateDir, ctx.id),
    revert: revertShellArgs(settings.platform, settings.profile, previous),
  });
  if (failed !== null) {
    ctx.note(`confirm-or-revert: the watchdog did not start (${failed.error}): not switching`);
    await standDown(files);
    return { state: "failed", exitCode: null };
  }
  setSafety(ctx, { phase: "switching" });
  return afterSwitch(ctx, settings, hooks, await activation.activate());
}

/** Carries on with a switch under confirm-or-revert that a restarted agent finds in its journal. */
export async function resumeSafeSwitch(
  ctx: CommandContext,
  settings: SafetySettings,
  hooks: SafetyHooks,
  followSwitch: () => Promise<ExitStatus>,
  followRevert: () => Promise<ExitStatus>,
): Promise<CommandOutcome> {
  const safety = safetyOf(ctx);
  const files = watchdogFiles(settings.stateDir, ctx.id);
  switch (safety.phase) {
    case "recorded":
      await standDown(files);
      ctx.note("agent restarted before the switch began: nothing was changed, and the watchdog stands down");
      return { state: "failed", exitCode: null };
    case "switching":
      return afterSwitch(ctx, settings, hooks, await followSwitch());
    case "awaiting-confirm":
      return awaitConfirmation(ctx, settings, hooks);
    case "confirmed":
      return healthGate(ctx, settings, switchOutcome(safety));
    case "reverting":
      return revertEnded(ctx, await followRevert(), safety.rollback);
    case "rolled-back":
      return rolledBack(safety.rollback);
  }
}

async function afterSwitch(ctx: CommandContext, settings: SafetySettings, hooks: SafetyHooks, status: ExitStatus): Promise<CommandOutcome> {
  const safety = safetyOf(ctx);
  const now = currentGeneration(settings.profile, settings.currentSystemLink);
  // An agent restarted after the deadline may find the watchdog has switched back already.
  const reverted = readVerdict(watchdogFiles(settings.stateDir, ctx.id)) !== null;
  if (!reverted && now !== null && now.number === safety.previous.number) {
    await standDown(watchdogFiles(settings.stateDir, ctx.id));
    ctx.note(`confirm-or-revert: the host still runs generation ${now.number}: the watchdog stands down`);
    return outcomeOf(status, ctx.stopped);
  }
  setSafety(ctx, {
    phase: "awaiting-confirm",
    deadline: Date.now() + safety.timeoutSeconds * 1000,
    switchedTo: safety.switchedTo ?? (reverted ? newestAfter(settings, safety.previous.number) : (now?.number ?? null)),
    switchExitCode: status.exitCode ?? -1,
  });
  ctx.note(`confirm-or-revert: now on generation ${now?.number ?? "?"}; confirming with the dashboard over a new connection (${safety.timeoutSeconds} s)`);
  return awaitConfirmation(ctx, settings, hooks);
}

async function awaitConfirmation(ctx: CommandContext, settings: SafetySettings, hooks: SafetyHooks): Promise<CommandOutcome> {
  const safety = safetyOf(ctx);
  const files = watchdogFiles(settings.stateDir, ctx.id);
  const deadline = safety.deadline ?? Date.now();
  let lastError: string | null = null;
  while (Date.now() < deadline && readVerdict(files) === null) {
    const ack = await hooks.confirmSwitch(ctx.id, Math.min(CONFIRM_ATTEMPT_MS, Math.max(1, deadline - Date.now())));
    if (ack.ok) {
      if ((await standDown(files)) === "stood-down") {
        setSafety(ctx, { phase: "confirmed" });
        ctx.note("confirm-or-revert: the dashboard confirmed over a new connection: the watchdog stands down");
        return healthGate(ctx, settings, switchOutcome(safety));
      }
      break;
    }
    if (ack.error !== lastError) ctx.note(`confirm-or-revert: no confirmation yet (${ack.error}); trying again until the deadline`);
    lastError = ack.error;
    await sleep(CONFIRM_RETRY_MS);
  }
  ctx.note(`confirm-or-revert: no confirmation within ${safety.timeoutSeconds} s: the watchdog switches back to generation ${safety.previous.number}`);
  const verdict = await waitForVerdict(files);
  for (const line of watchdogLog(files)) ctx.note(line);
  if (verdict === null) {
    ctx.note(`the watchdog gave no verdict within ${VERDICT_WAIT_MS / 60_000} min: the host's state is unknown`);
    return { state: "failed", exitCode: null };
  }
  const reason = lastError === null ? verdict.reason : `${verdict.reason} (last attempt: ${lastError})`;
  const rollback: RollbackInfo = { fromGeneration: safety.switchedTo, toGeneration: safety.previous.number, reason: reason.slice(0, 200) };
  if (verdict.exitCode !== 0) {
    ctx.note(`the watchdog's switch back failed (exit code ${verdict.exitCode})`);
    return { state: "failed", exitCode: verdict.exitCode };
  }
  setSafety(ctx, { phase: "rolled-back", rollback });
  return rolledBack(rollback);
}

async function waitForVerdict(files: WatchdogFiles) {
  const until = Date.now() + VERDICT_WAIT_MS;
  for (;;) {
    const verdict = readVerdict(files);
    if (verdict !== null || Date.now() > until) return verdict;
    await sleep(VERDICT_POLL_MS);
  }
}

/**
 * After the confirmation: the host's tests (hosts/<host>/tests/T*.sh), when it has any and the
 * command did not turn the gate off, on the new system. A failure fails the switch, and with
 * --rollback-on-test-failure switches back.
 */
async function healthGate(ctx: CommandContext, settings: SafetySettings, switched: CommandOutcome): Promise<CommandOutcome> {
  const testCount = settings.repoDir === null ? 0 : findTests(path.join(settings.repoDir, "hosts", settings.hostname, "tests")).length;
  const decision = decideHealthGate(safetyOf(ctx).healthGate, switched.state === "succeeded", testCount);
  if (!decision.run) {
    if (decision.note !== null) ctx.note(decision.note);
    return switched;
  }
  ctx.note("health gate: running the host's tests on the new system");
  const tested = await runTests(ctx, settings);
  if (tested.state === "succeeded") return { ...switched, ...(tested.tests ? { tests: tested.tests } : {}) };
  if (tested.state === "cancelled" || !settings.rollbackOnTestFailure) {
    if (tested.state === "failed") ctx.note("health gate: the tests failed, so the switch failed (the host stays on the new system: --rollback-on-test-failure is off)");
    return tested;
  }
  const failedTests = (tested.tests ?? []).filter((test) => test.state === "failed").map((test) => test.name);
  const safety = safetyOf(ctx);
  const rollback: RollbackInfo = {
    fromGeneration: safety.switchedTo,
    toGeneration: safety.previous.number,
    reason: `the host's tests failed: ${failedTests.join(", ") || "no test ran"}`.slice(0, 200),
  };
  setSafety(ctx, { phase: "reverting", rollback });
  ctx.note(`health gate: ${rollback.reason}: switching back to generation ${safety.previous.number}`);
  const status = await runRevert(ctx, settings, safety.previous);
  return { ...(await revertEnded(ctx, status, rollback)), ...(tested.tests ? { tests: tested.tests } : {}) };
}

/** Runs the revert as a detached step (it may restart the agent); shared with the rollback command. */
export function runRevert(ctx: CommandContext, settings: SafetySettings, target: RevertTarget): Promise<ExitStatus> {
  const support = platformSupport(settings.platform);
  return runDetachedStep(ctx, "revert", "sh", revertShellArgs(settings.platform, settings.profile, target), {
    stateDir: settings.stateDir,
    launcher: support.switchLauncher(process.env, process.platform),
  });
}

function revertEnded(ctx: CommandContext, status: ExitStatus, rollback: RollbackInfo | null): CommandOutcome {
  if (status.exitCode !== 0 || rollback === null) {
    ctx.note(`switching back failed${status.exitCode === null ? "" : ` (exit code ${status.exitCode})`}`);
    return { state: "failed", exitCode: status.exitCode };
  }
  setSafety(ctx, { phase: "rolled-back", rollback });
  return rolledBack(rollback);
}

function rolledBack(rollback: RollbackInfo | null): CommandOutcome {
  return rollback === null ? { state: "failed", exitCode: null } : { state: "rolled-back", exitCode: null, rollback };
}

/** The generation a switch made, once the host is back on the one before it: the newest after that one. */
function newestAfter(settings: SafetySettings, previous: number): number | null {
  return readGenerations(settings.profile, settings.currentSystemLink).find((generation) => generation.number > previous)?.number ?? null;
}

function switchOutcome(safety: SwitchSafety): CommandOutcome {
  return safety.switchExitCode === 0 ? { state: "succeeded", exitCode: 0 } : { state: "failed", exitCode: safety.switchExitCode === -1 ? null : safety.switchExitCode };
}

function safetyOf(ctx: CommandContext): SwitchSafety {
  const safety = ctx.journalEntry.safety;
  if (safety === null) throw new Error("confirm-or-revert: the journal has no switch safety record");
  return safety;
}

/** Journals the next step of the switch (atomically): a restart carries on from it. */
function setSafety(ctx: CommandContext, changes: Partial<SwitchSafety>): void {
  ctx.updateJournal({ safety: { ...safetyOf(ctx), ...changes } });
}
