import type { CommandType } from "../protocol/constants";
import { isHostBusy, type HostStep, type RolloutHost, type RolloutPlan, type RolloutState, type RolloutStatus } from "../protocol/rollouts";

/**
 * The rollout state machine (SPEC 3.5), pure: no store, no clock, no transport. The engine feeds it
 * events and asks it what to send; it changes the state in place (a rollout of 10,000 hosts is not
 * copied for every result) and says whether the event applied.
 */
export type RolloutEvent =
  /** The engine recorded the id of the command it is about to send to the host. */
  | { kind: "host-starting"; host: string; commandId: string }
  /** The agent accepted the command. */
  | { kind: "command-running"; commandId: string }
  /** The command ended (a cancelled or lost one counts as failed). */
  /** `rolledBack`: the agent itself returned the host to the generation it left (nothing to undo). */
  | { kind: "command-ended"; commandId: string; succeeded: boolean; reason: string | null; rolledBack?: boolean }
  /** After a restart: the recorded command was never created (the dashboard stopped before sending it). */
  | { kind: "command-missing"; commandId: string }
  /** The command could not be sent (offline, busy). */
  | { kind: "host-refused"; host: string; reason: string }
  | { kind: "host-skipped"; host: string; reason: string }
  | { kind: "tick"; now: number }
  | { kind: "pause" }
  | { kind: "resume"; now: number }
  | { kind: "abort" }
  | { kind: "retry-failed"; now: number }
  | { kind: "approve"; now: number };

/** A command the engine must send now. */
export interface Send {
  host: string;
  type: CommandType;
}

export interface Decision {
  send: Send[];
  /** Offline hosts the plan says to skip. */
  skip: string[];
}

const FINISHED: ReadonlySet<RolloutStatus> = new Set(["succeeded", "stopped", "aborted"]);
const TERMINAL: ReadonlySet<HostStep> = new Set(["succeeded", "failed", "rolled-back", "skipped"]);

export function isHostDone(step: HostStep): boolean {
  return TERMINAL.has(step);
}


/** The hosts of each wave: the canary first (named hosts, or the first N by name), then waves by count or percentage. */
export function planWaves(hosts: readonly string[], plan: Pick<RolloutPlan, "canary" | "waves">): string[][] {
  const names = [...new Set(hosts)];
  const canary = "hosts" in plan.canary ? plan.canary.hosts.filter((name) => names.includes(name)) : names.slice(0, plan.canary.count);
  const inCanary = new Set(canary);
  const rest = names.filter((name) => !inCanary.has(name));
  const size = plan.waves.by === "count" ? plan.waves.size : Math.max(1, Math.ceil((names.length * plan.waves.size) / 100));
  const waves = canary.length > 0 ? [canary] : [];
  for (let start = 0; start < rest.length; start += size) waves.push(rest.slice(start, start + size));
  return waves;
}

/** The state of a rollout that starts now over these waves. */
export function initialRolloutState(waves: readonly string[][], now: number): RolloutState {
  return {
    status: waves.length === 0 ? "succeeded" : "running",
    wave: 0,
    waves: waves.map((_, index) => ({ index, gate: "pending", startedAt: index === 0 ? now : null, gateAt: null })),
    hosts: waves.flatMap((names, wave) =>
      names.map((name): RolloutHost => ({ name, wave, step: "waiting", commandId: null, commandIds: [], reason: null })),
    ),
    pausedFrom: null,
    soakUntil: null,
    reason: waves.length === 0 ? "no host to roll out to" : null,
  };
}

interface Index {
  byName: Map<string, RolloutHost>;
  byCommand: Map<string, RolloutHost>;
}

const indexes = new WeakMap<RolloutState, Index>();

function indexOf(state: RolloutState): Index {
  let index = indexes.get(state);
  if (!index) {
    index = { byName: new Map(), byCommand: new Map() };
    for (const host of state.hosts) {
      index.byName.set(host.name, host);
      if (host.commandId) index.byCommand.set(host.commandId, host);
    }
    indexes.set(state, index);
  }
  return index;
}

/** Whether the rollout still follows this command (the engine's lookup for command changes). */
export function hostOfCommand(state: RolloutState, commandId: string): RolloutHost | undefined {
  return indexOf(state).byCommand.get(commandId);
}

/** Applies an event; returns false when it does not apply (the state is then unchanged). */
export function applyRolloutEvent(state: RolloutState, plan: RolloutPlan, event: RolloutEvent, rollbackType: CommandType | null): boolean {
  const index = indexOf(state);
  switch (event.kind) {
    case "host-starting": {
      const host = index.byName.get(event.host);
      if (!host || !needsSend(host) || FINISHED.has(state.status) && host.step === "waiting") return false;
      if (host.step === "waiting") host.step = "starting";
      host.commandId = event.commandId;
      host.commandIds.push(event.commandId);
      index.byCommand.set(event.commandId, host);
      return true;
    }
    case "command-running": {
      const host = index.byCommand.get(event.commandId);
      if (host?.step !== "starting") return false;
      host.step = "running";
      return true;
    }
    case "command-ended": {
      const host = index.byCommand.get(event.commandId);
      if (!host || host.commandId !== event.commandId || isHostDone(host.step)) return false;
      index.byCommand.delete(event.commandId);
      hostEnded(host, plan, event, rollbackType);
      settle(state, plan, null);
      return true;
    }
    case "command-missing": {
      const host = index.byCommand.get(event.commandId);
      if (!host || host.commandId !== event.commandId) return false;
      index.byCommand.delete(event.commandId);
      host.commandIds = host.commandIds.filter((id) => id !== event.commandId);
      host.commandId = null;
      if (host.step === "starting") host.step = "waiting";
      return true;
    }
    case "host-refused": {
      const host = index.byName.get(event.host);
      if (host?.step !== "starting" && host?.step !== "testing" && host?.step !== "rolling-back") return false;
      if (host.commandId) index.byCommand.delete(host.commandId);
      host.commandId = null;
      host.step = "failed";
      host.reason = event.reason;
      settle(state, plan, null);
      return true;
    }
    case "host-skipped": {
      const host = index.byName.get(event.host);
      if (host?.step !== "waiting") return false;
      host.step = "skipped";
      host.reason = event.reason;
      settle(state, plan, null);
      return true;
    }
    case "tick":
      return tick(state, plan, event.now);
    case "pause":
      if (state.status !== "running" && state.status !== "soaking" && state.status !== "awaiting-approval") return false;
      state.pausedFrom = state.status;
      state.status = "paused";
      return true;
    case "resume":
      if (state.status !== "paused") return false;
      state.status = state.pausedFrom ?? "running";
      state.pausedFrom = null;
      settle(state, plan, event.now);
      tick(state, plan, event.now);
      return true;
    case "abort":
      if (FINISHED.has(state.status)) return false;
      state.status = "aborted";
      state.pausedFrom = null;
      state.reason = "aborted by an operator";
      return true;
    case "retry-failed":
      return retryFailed(state, plan, event.now);
    case "approve":
      if (state.status !== "awaiting-approval") return false;
      advance(state, event.now);
      return true;
  }
}

/** What the engine should do now: commands to send (respecting the parallel limit) and offline hosts to skip. */
export function decideSends(state: RolloutState, plan: RolloutPlan, online: (host: string) => boolean, rollbackType: CommandType | null): Decision {
  const decision: Decision = { send: [], skip: [] };
  if (state.status === "paused" || state.status === "aborted") return decision;
  let busy = 0;
  const waiting: RolloutHost[] = [];
  for (const host of state.hosts) {
    if (host.wave > state.wave) continue;
    if (host.commandId === null && host.step === "testing") decision.send.push({ host: host.name, type: "test" });
    else if (host.commandId === null && host.step === "rolling-back" && rollbackType) decision.send.push({ host: host.name, type: rollbackType });
    else if (host.step === "waiting") waiting.push(host);
    if (isHostBusy(host.step)) busy++;
  }
  if (state.status !== "running" || overThreshold(state, plan, waveHosts(state, state.wave))) return decision;
  let room = (plan.maxParallel ?? Number.POSITIVE_INFINITY) - busy;
  for (const host of waiting) {
    if (!online(host.name)) {
      if (plan.offlineHosts === "skip") decision.skip.push(host.name);
      continue;
    }
    if (room <= 0) continue;
    decision.send.push({ host: host.name, type: plan.action });
    room--;
  }
  return decision;
}

function needsSend(host: RolloutHost): boolean {
  return host.step === "waiting" || (host.commandId === null && (host.step === "testing" || host.step === "rolling-back"));
}

function hostEnded(
  host: RolloutHost,
  plan: RolloutPlan,
  { succeeded, reason, rolledBack }: Extract<RolloutEvent, { kind: "command-ended" }>,
  rollbackType: CommandType | null,
): void {
  const phase = host.step;
  host.commandId = null;
  if (phase === "rolling-back") {
    host.step = succeeded ? "rolled-back" : "failed";
    if (!succeeded) host.reason = `${host.reason ?? "failed"}; the rollback failed too`;
    return;
  }
  if (succeeded) {
    host.step = phase !== "testing" && plan.runTests && plan.action !== "test" ? "testing" : "succeeded";
    return;
  }
  host.reason = phase === "testing" ? `its tests failed${reason ? ` (${reason})` : ""}` : (reason ?? `${plan.action} failed`);
  if (rolledBack) {
    host.step = "rolled-back";
    return;
  }
  // A switch that happened (or may have) is undone; a test run changed nothing.
  const switched = plan.action !== "test";
  host.step = plan.failedHosts === "roll-back" && rollbackType && switched ? "rolling-back" : "failed";
}

function waveHosts(state: RolloutState, wave: number): RolloutHost[] {
  return state.hosts.filter((host) => host.wave === wave);
}

/** Whether the wave's failures already exceed its threshold, counted over the wave's hosts. */
function overThreshold(state: RolloutState, plan: RolloutPlan, hosts: readonly RolloutHost[]): boolean {
  const counted = hosts.filter((host) => host.step !== "skipped").length;
  const failed = hosts.filter((host) => host.step === "failed" || host.step === "rolled-back").length;
  if (failed === 0 || counted === 0) return false;
  const threshold = state.wave === 0 ? plan.canaryFailurePercent : plan.failurePercent;
  return (failed * 100) / counted > threshold;
}

/**
 * The gate of the current wave: once every host of it is done, or as soon as its failures exceed
 * the threshold (no more of its hosts are started then), it passes or fails.
 */
function settle(state: RolloutState, plan: RolloutPlan, now: number | null): void {
  if (state.status !== "running") return;
  const hosts = waveHosts(state, state.wave);
  const wave = state.waves[state.wave]!;
  if (overThreshold(state, plan, hosts)) {
    // The rollout stops once the failed hosts are rolled back, so that the page shows them as such.
    if (hosts.some((host) => host.step === "rolling-back")) return;
    wave.gate = "failed";
    wave.gateAt = now ?? Date.now();
    state.status = "stopped";
    state.reason = `wave ${state.wave === 0 ? "canary" : state.wave + 1} failed: ${hosts.filter((h) => h.step === "failed" || h.step === "rolled-back").length} of ${hosts.length} hosts`;
    return;
  }
  if (!hosts.every((host) => isHostDone(host.step))) return;
  const at = now ?? Date.now();
  wave.gateAt = at;
  if (state.wave === state.waves.length - 1) {
    wave.gate = "passed";
    state.status = "succeeded";
    return;
  }
  if (plan.soakSeconds > 0) {
    wave.gate = "soaking";
    state.status = "soaking";
    state.soakUntil = at + plan.soakSeconds * 1000;
    return;
  }
  gatePassed(state, plan, at);
}

function gatePassed(state: RolloutState, plan: RolloutPlan, now: number): void {
  const wave = state.waves[state.wave]!;
  state.soakUntil = null;
  if (plan.manualApproval) {
    wave.gate = "awaiting-approval";
    state.status = "awaiting-approval";
    return;
  }
  advance(state, now);
}

function advance(state: RolloutState, now: number): void {
  state.waves[state.wave]!.gate = "passed";
  state.wave++;
  state.waves[state.wave]!.startedAt = now;
  state.status = "running";
}

function tick(state: RolloutState, plan: RolloutPlan, now: number): boolean {
  if (state.status === "soaking" && state.soakUntil !== null && now >= state.soakUntil) {
    gatePassed(state, plan, now);
    return true;
  }
  if (state.status !== "running" || plan.offlineHosts !== "wait") return false;
  const startedAt = state.waves[state.wave]?.startedAt ?? now;
  if (now < startedAt + plan.offlineWaitSeconds * 1000) return false;
  let changed = false;
  for (const host of waveHosts(state, state.wave)) {
    if (host.step !== "waiting") continue;
    host.step = "skipped";
    host.reason = `offline until the deadline (${plan.offlineWaitSeconds} s)`;
    changed = true;
  }
  if (changed) settle(state, plan, now);
  return changed;
}

function retryFailed(state: RolloutState, plan: RolloutPlan, now: number): boolean {
  if (state.status === "aborted" || state.status === "succeeded") return false;
  const failed = state.hosts.filter((host) => host.wave <= state.wave && (host.step === "failed" || host.step === "rolled-back"));
  if (failed.length === 0) return false;
  for (const host of failed) {
    host.step = "waiting";
    host.reason = null;
  }
  const wave = state.waves[state.wave]!;
  wave.gate = "pending";
  wave.gateAt = null;
  if (state.status === "stopped") {
    state.status = "running";
    state.reason = null;
  }
  settle(state, plan, now);
  return true;
}
