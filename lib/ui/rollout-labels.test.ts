import { describe, expect, it } from "vitest";
import type { RolloutHost } from "@/lib/protocol/rollouts";
import { abortConsequences, formatElapsed, hostStepLabel, waveChips, rolloutControls, stepCounts, waveName } from "./rollout-labels";

const host = (step: RolloutHost["step"]): RolloutHost => ({ name: "a", wave: 0, step, commandId: null, commandIds: [], reason: null });

describe("rollout labels", () => {
  it("names each host chip as the page shows it", () => {
    expect(hostStepLabel("rolled-back")).toEqual({ label: "rolled back", tone: "warning" });
    expect(hostStepLabel("starting").label).toBe("running");
  });

  it("names the canary and the waves after it", () => {
    expect([0, 1, 2].map((i) => waveName(i, true))).toEqual(["Canary", "Wave 1", "Wave 2"]);
    expect(waveName(0, false)).toBe("Wave 1");
  });

  it("offers the controls that apply now", () => {
    expect(rolloutControls({ status: "running", hosts: [host("running")] })).toEqual(["pause", "abort"]);
    expect(rolloutControls({ status: "paused", hosts: [] })).toEqual(["resume", "abort"]);
    expect(rolloutControls({ status: "awaiting-approval", hosts: [] })).toEqual(["approve", "pause", "abort"]);
    expect(rolloutControls({ status: "stopped", hosts: [host("rolled-back")] })).toEqual(["retry-failed"]);
    expect(rolloutControls({ status: "succeeded", hosts: [host("succeeded")] })).toEqual([]);
  });

  it("says what an abort stops and what it never starts", () => {
    expect(abortConsequences({ hosts: [host("running"), host("rolling-back"), host("waiting"), host("succeeded")] })).toBe(
      "The commands running on 2 hosts are stopped; 1 host still waiting will not be started. An aborted rollout cannot be resumed.",
    );
    expect(abortConsequences({ hosts: [host("succeeded")] })).toBe("No command runs now; no host is left waiting. An aborted rollout cannot be resumed.");
  });

  it("puts failed and running chips first; a large wave shows only those until expanded", () => {
    const named = (name: string, step: RolloutHost["step"]): RolloutHost => ({ ...host(step), name });
    const wave = [named("a", "succeeded"), named("b", "waiting"), named("c", "failed"), named("d", "running"), named("e", "rolled-back"), named("f", "starting")];
    expect(waveChips(wave, false).shown.map((h) => h.name)).toEqual(["c", "e", "d", "f", "b", "a"]);
    expect(waveChips(wave, false, 5)).toMatchObject({ shown: [wave[2], wave[4], wave[3], wave[5]], hidden: 2 });
    expect(waveChips(wave, false, 3)).toMatchObject({ shown: [wave[2], wave[4], wave[3]], hidden: 3 });
    expect(waveChips(wave, true, 3)).toMatchObject({ hidden: 0 });
    expect(waveChips(wave, true, 3).shown).toHaveLength(6);
  });

  it("shows no chip of a large wave with nothing failed or running, and every chip of a small one", () => {
    const passed = Array.from({ length: 30 }, (_, i) => ({ ...host(i === 0 ? "skipped" : "succeeded"), name: `h${i}` }));
    expect(waveChips(passed, false)).toMatchObject({ shown: [], hidden: 30 });
    expect(waveChips(passed.slice(0, 5), false).shown).toHaveLength(5);
  });

  it("counts a wave's hosts by chip", () => {
    expect(stepCounts([host("succeeded"), host("running"), host("starting"), host("succeeded")])).toEqual([
      { label: "succeeded", tone: "success", count: 2 },
      { label: "running", tone: "info", count: 2 },
    ]);
  });

  it("formats elapsed time", () => {
    expect(formatElapsed(42_000)).toBe("42 s");
    expect(formatElapsed(200_000)).toBe("3 min 20 s");
    expect(formatElapsed(3_720_000)).toBe("1 h 2 min");
  });
});
