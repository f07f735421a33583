import { describe, expect, it } from "vitest";
import { rolloutPlanSchema, type RolloutPlan, type RolloutPlanInput, type RolloutState, type RolloutStatus } from "../protocol/rollouts";
import { applyRolloutEvent, decideSends, initialRolloutState, planWaves, type RolloutEvent } from "./rollout-machine";

const plan = (input: RolloutPlanInput = {}): RolloutPlan => rolloutPlanSchema.parse(input);
const ROLLBACK = "pull" as const; // any command type stands for the agents' rollback here
const all = () => true;

/** A rollout of canary a, then waves [b c] and [d e], with the given plan; `running` hosts of wave 0 started. */
function rollout(input: RolloutPlanInput = {}): { state: RolloutState; plan: RolloutPlan } {
  const p = plan({ waves: { by: "count", size: 2 }, ...input });
  return { state: initialRolloutState(planWaves(["a", "b", "c", "d", "e"], p), 0), plan: p };
}

function apply(r: { state: RolloutState; plan: RolloutPlan }, event: RolloutEvent, rollback: typeof ROLLBACK | null = ROLLBACK): boolean {
  return applyRolloutEvent(r.state, r.plan, event, rollback);
}

/**
 * Starts and finishes every sendable host of the current wave, its action with the given outcome per
 * host (rollbacks succeed), until the wave's gate is reached.
 */
function runWave(r: { state: RolloutState; plan: RolloutPlan }, outcome: (host: string) => boolean = () => true): void {
  const wave = r.state.wave;
  for (let round = 0; round < 5 && r.state.wave === wave; round++) {
    const { send } = decideSends(r.state, r.plan, all, ROLLBACK);
    if (send.length === 0) return;
    for (const { host } of send) {
      const slot = r.state.hosts.find((h) => h.name === host)!;
      const id = `${host}-${slot.commandIds.length}`;
      const rollingBack = slot.step === "rolling-back";
      apply(r, { kind: "host-starting", host, commandId: id });
      apply(r, { kind: "command-running", commandId: id });
      apply(r, { kind: "command-ended", commandId: id, succeeded: rollingBack || outcome(host), reason: null });
    }
  }
}

const steps = (state: RolloutState) => Object.fromEntries(state.hosts.map((h) => [h.name, h.step]));

describe("planWaves", () => {
  const hosts = Array.from({ length: 10 }, (_, i) => `h${i}`);
  it("takes the first N hosts as the canary, then waves by count", () => {
    expect(planWaves(hosts, plan({ canary: { count: 1 }, waves: { by: "count", size: 4 } }))).toEqual([
      ["h0"], ["h1", "h2", "h3", "h4"], ["h5", "h6", "h7", "h8"], ["h9"],
    ]);
  });
  it("takes named canary hosts, and waves by percentage of all the rollout's hosts", () => {
    expect(planWaves(hosts, plan({ canary: { hosts: ["h5", "nope"] }, waves: { by: "percent", size: 50 } }))).toEqual([
      ["h5"], ["h0", "h1", "h2", "h3", "h4"], ["h6", "h7", "h8", "h9"],
    ]);
  });
  it("has no canary wave for a canary of 0", () => {
    expect(planWaves(["a", "b"], plan({ canary: { count: 0 }, waves: { by: "percent", size: 100 } }))).toEqual([["a", "b"]]);
  });
});

describe("control transitions", () => {
  it.each<[RolloutStatus, RolloutEvent["kind"], RolloutStatus | null]>([
    ["running", "pause", "paused"],
    ["soaking", "pause", "paused"],
    ["awaiting-approval", "pause", "paused"],
    ["paused", "pause", null],
    ["succeeded", "pause", null],
    ["paused", "resume", "running"],
    ["running", "resume", null],
    ["running", "abort", "aborted"],
    ["paused", "abort", "aborted"],
    ["stopped", "abort", null],
    ["aborted", "abort", null],
    ["succeeded", "abort", null],
    ["running", "approve", null],
    ["paused", "approve", null],
  ])("%s + %s → %s", (status, kind, expected) => {
    const r = rollout();
    r.state.status = status;
    if (status === "paused") r.state.pausedFrom = "running";
    const applied = apply(r, { kind, now: 0 } as RolloutEvent);
    expect(applied ? r.state.status : null).toBe(expected);
  });
});

describe("waves and gates", () => {
  it("starts only the canary, and the next wave only after the canary's gate passed", () => {
    const r = rollout();
    expect(decideSends(r.state, r.plan, all, ROLLBACK).send).toEqual([{ host: "a", type: "pull-switch" }]);
    apply(r, { kind: "host-starting", host: "a", commandId: "a-0" });
    apply(r, { kind: "command-running", commandId: "a-0" });
    expect(decideSends(r.state, r.plan, all, ROLLBACK).send).toEqual([]);
    apply(r, { kind: "command-ended", commandId: "a-0", succeeded: true, reason: null });
    expect(r.state.waves[0]!.gate).toBe("passed");
    expect(r.state.wave).toBe(1);
    expect(decideSends(r.state, r.plan, all, ROLLBACK).send.map((s) => s.host)).toEqual(["b", "c"]);
  });

  it("finishes succeeded after the last wave's gate", () => {
    const r = rollout();
    for (let i = 0; i < 3; i++) runWave(r);
    expect(r.state.status).toBe("succeeded");
    expect(r.state.waves.map((w) => w.gate)).toEqual(["passed", "passed", "passed"]);
  });

  it("stops after a failed canary, rolls it back, and never touches another host", () => {
    const r = rollout();
    runWave(r, () => false);
    expect(r.state.status).toBe("stopped");
    expect(steps(r.state)).toEqual({ a: "rolled-back", b: "waiting", c: "waiting", d: "waiting", e: "waiting" });
    expect(r.state.hosts[0]!.commandIds).toEqual(["a-0", "a-1"]);
  });

  it("does not roll back a host its agent already reverted (confirm-or-revert, or rollback on test failure)", () => {
    const r = rollout();
    const { send } = decideSends(r.state, r.plan, all, ROLLBACK);
    apply(r, { kind: "host-starting", host: send[0]!.host, commandId: "s" });
    apply(r, { kind: "command-ended", commandId: "s", succeeded: false, reason: "its tests failed", rolledBack: true });
    expect(r.state.status).toBe("stopped");
    expect(r.state.hosts[0]).toMatchObject({ step: "rolled-back", commandIds: ["s"], reason: "its tests failed" });
    expect(decideSends(r.state, r.plan, all, ROLLBACK).send).toEqual([]);
  });

  it("leaves a failed host as it is when the policy says so, or when the agents cannot roll back", () => {
    const left = rollout({ failedHosts: "leave" });
    runWave(left, () => false);
    expect(steps(left.state).a).toBe("failed");
    const noRollback = rollout();
    const { send } = decideSends(noRollback.state, noRollback.plan, all, null);
    apply(noRollback, { kind: "host-starting", host: send[0]!.host, commandId: "x" }, null);
    apply(noRollback, { kind: "command-ended", commandId: "x", succeeded: false, reason: "boom" }, null);
    expect(noRollback.state.status).toBe("stopped");
    expect(noRollback.state.hosts[0]).toMatchObject({ step: "failed", reason: "boom" });
  });

  it("lets a later wave fail up to its threshold (more than 10 % by default)", () => {
    const r = rollout({ waves: { by: "count", size: 20 } });
    r.state = initialRolloutState(planWaves(Array.from({ length: 21 }, (_, i) => `h${String(i).padStart(2, "0")}`), r.plan), 0);
    runWave(r);
    runWave(r, (host) => host !== "h01" && host !== "h02"); // 2 of 20 = 10 %: not more than 10 %
    expect(r.state.status).toBe("succeeded");
  });

  it("stops a later wave as soon as its failures exceed the threshold, starting none of its other hosts", () => {
    const r = rollout({ waves: { by: "count", size: 4 }, maxParallel: 1, failedHosts: "leave", failurePercent: 20 });
    runWave(r); // canary a
    const first = decideSends(r.state, r.plan, all, ROLLBACK).send[0]!.host;
    apply(r, { kind: "host-starting", host: first, commandId: "f" });
    apply(r, { kind: "command-ended", commandId: "f", succeeded: false, reason: null }); // 1 of 4 = 25 % > 20 %
    expect(r.state.status).toBe("stopped");
    expect(decideSends(r.state, r.plan, all, ROLLBACK).send).toEqual([]);
  });

  it("runs at most K hosts of a wave at once", () => {
    const r = rollout({ canary: { count: 0 }, waves: { by: "count", size: 5 }, maxParallel: 2 });
    expect(decideSends(r.state, r.plan, all, ROLLBACK).send.map((s) => s.host)).toEqual(["a", "b"]);
    apply(r, { kind: "host-starting", host: "a", commandId: "a" });
    expect(decideSends(r.state, r.plan, all, ROLLBACK).send.map((s) => s.host)).toEqual(["b"]);
  });

  it("runs the host's tests after its switch when asked, and fails the host when they fail", () => {
    const r = rollout({ runTests: true, failedHosts: "leave" });
    apply(r, { kind: "host-starting", host: "a", commandId: "a-0" });
    apply(r, { kind: "command-ended", commandId: "a-0", succeeded: true, reason: null });
    expect(r.state.hosts[0]!.step).toBe("testing");
    expect(decideSends(r.state, r.plan, all, ROLLBACK).send).toEqual([{ host: "a", type: "test" }]);
    apply(r, { kind: "host-starting", host: "a", commandId: "a-1" });
    apply(r, { kind: "command-ended", commandId: "a-1", succeeded: false, reason: null });
    expect(r.state.hosts[0]).toMatchObject({ step: "failed", reason: "its tests failed" });
    expect(r.state.status).toBe("stopped");
  });

  it("soaks after a gate, then goes on at the soak's end", () => {
    const r = rollout({ soakSeconds: 60 });
    runWave(r);
    expect(r.state).toMatchObject({ status: "soaking", wave: 0 });
    expect(decideSends(r.state, r.plan, all, ROLLBACK).send).toEqual([]);
    const soakUntil = r.state.soakUntil!;
    expect(apply(r, { kind: "tick", now: soakUntil - 1 })).toBe(false);
    expect(apply(r, { kind: "tick", now: soakUntil })).toBe(true);
    expect(r.state).toMatchObject({ status: "running", wave: 1 });
  });

  it("waits for an approval between waves", () => {
    const r = rollout({ manualApproval: true });
    runWave(r);
    expect(r.state).toMatchObject({ status: "awaiting-approval", wave: 0 });
    expect(r.state.waves[0]!.gate).toBe("awaiting-approval");
    expect(apply(r, { kind: "approve", now: 5 })).toBe(true);
    expect(r.state).toMatchObject({ status: "running", wave: 1 });
    expect(r.state.waves[1]!.startedAt).toBe(5);
  });

  it("starts nothing while paused, and follows results meanwhile; resuming passes a gate that completed", () => {
    const r = rollout();
    apply(r, { kind: "host-starting", host: "a", commandId: "a-0" });
    apply(r, { kind: "pause" });
    apply(r, { kind: "command-ended", commandId: "a-0", succeeded: true, reason: null });
    expect(r.state).toMatchObject({ status: "paused", wave: 0 });
    expect(decideSends(r.state, r.plan, all, ROLLBACK).send).toEqual([]);
    apply(r, { kind: "resume", now: 1 });
    expect(r.state).toMatchObject({ status: "running", wave: 1 });
  });

  it("retries failed hosts: a stopped rollout runs again from its failed wave", () => {
    const r = rollout({ failedHosts: "leave" });
    runWave(r, () => false);
    expect(r.state.status).toBe("stopped");
    expect(apply(r, { kind: "retry-failed", now: 1 })).toBe(true);
    expect(r.state).toMatchObject({ status: "running", wave: 0 });
    expect(decideSends(r.state, r.plan, all, ROLLBACK).send).toEqual([{ host: "a", type: "pull-switch" }]);
    runWave(r);
    expect(r.state.wave).toBe(1);
  });

  it("skips offline hosts, or waits for them until the deadline", () => {
    const skip = rollout({ canary: { count: 2 } });
    expect(decideSends(skip.state, skip.plan, (h) => h !== "b", ROLLBACK)).toEqual({ send: [{ host: "a", type: "pull-switch" }], skip: ["b"] });
    const wait = rollout({ canary: { count: 2 }, offlineHosts: "wait", offlineWaitSeconds: 10 });
    expect(decideSends(wait.state, wait.plan, (h) => h !== "b", ROLLBACK).skip).toEqual([]);
    apply(wait, { kind: "host-starting", host: "a", commandId: "a" });
    apply(wait, { kind: "command-ended", commandId: "a", succeeded: true, reason: null });
    expect(apply(wait, { kind: "tick", now: 9_999 })).toBe(false);
    expect(apply(wait, { kind: "tick", now: 10_000 })).toBe(true);
    expect(wait.state.hosts[1]).toMatchObject({ step: "skipped", reason: expect.stringMatching(/offline/) });
    expect(wait.state.wave).toBe(1);
  });

  it("ignores a result of a command it does not follow, or a second result of one", () => {
    const r = rollout();
    expect(apply(r, { kind: "command-ended", commandId: "other", succeeded: true, reason: null })).toBe(false);
    apply(r, { kind: "host-starting", host: "a", commandId: "a-0" });
    expect(apply(r, { kind: "command-ended", commandId: "a-0", succeeded: true, reason: null })).toBe(true);
    expect(apply(r, { kind: "command-ended", commandId: "a-0", succeeded: false, reason: null })).toBe(false);
    expect(r.state.hosts[0]!.step).toBe("succeeded");
  });

  it("sends a host again whose recorded command was never created (the dashboard stopped in between)", () => {
    const r = rollout();
    apply(r, { kind: "host-starting", host: "a", commandId: "a-0" });
    expect(apply(r, { kind: "command-missing", commandId: "a-0" })).toBe(true);
    expect(r.state.hosts[0]).toMatchObject({ step: "waiting", commandId: null, commandIds: [] });
    expect(decideSends(r.state, r.plan, all, ROLLBACK).send).toEqual([{ host: "a", type: "pull-switch" }]);
  });

  it("never records a second command for a host already started", () => {
    const r = rollout();
    expect(apply(r, { kind: "host-starting", host: "a", commandId: "a-0" })).toBe(true);
    expect(apply(r, { kind: "host-starting", host: "a", commandId: "a-again" })).toBe(false);
    expect(r.state.hosts[0]!.commandIds).toEqual(["a-0"]);
  });

  it("starts nothing after an abort, but does not forget results of commands still running", () => {
    const r = rollout();
    apply(r, { kind: "host-starting", host: "a", commandId: "a-0" });
    apply(r, { kind: "abort" });
    expect(decideSends(r.state, r.plan, all, ROLLBACK).send).toEqual([]);
    expect(apply(r, { kind: "command-ended", commandId: "a-0", succeeded: false, reason: "cancelled" })).toBe(true);
    expect(r.state.status).toBe("aborted");
  });
});
