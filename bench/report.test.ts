import { describe, expect, it } from "vitest";
import { buildRows, formatTable, missedTargets, ratio } from "./report";
import type { BenchResult, TargetRun } from "./results";
import { distribution } from "./stats";

describe("the report", () => {
  const run = (kind: TargetRun["kind"], scale: number): TargetRun => ({
    kind,
    pid: 1,
    phases: {},
    startSeconds: 1,
    storm: {
      agents: 100, registered: 100, seconds: 2 * scale, registerMs: distribution([1, 2]), errors: 0, errorKinds: {},
      cpuSeconds: scale, peakRssBytes: 1, browserOnlineSeconds: null,
    },
    steady: {
      seconds: 30, intervalSeconds: 30, heartbeats: 100, heartbeatsPerSecond: 3.3, heartbeatErrors: 0, disconnects: 0,
      cpuPercent: 5 * scale, cpuMicrosPerHeartbeat: 100 * scale, rssBytes: 200 * 1024 * 1024 * scale, peakRssBytes: 1,
      latencyMs: { count: 100, p50: 1 * scale, p99: 100 * scale, max: 200 },
      latencyP99ByWindowMs: [],
    },
    bulk: null,
    output: null,
    rollout: null,
    page: null,
    footprint: null,
    peakRssBytes: 300 * 1024 * 1024 * scale,
    agentErrors: {},
    browserDisconnects: [],
    logProblems: {},
    failures: [],
  });
  const result = (scale: number): BenchResult => ({
    startedAt: "", finishedAt: "", totalSeconds: 1, buildSeconds: 0, gitCommit: "x",
    machine: { cpus: 2, memoryBytes: 1, node: "v20", openFilesLimit: 1, loadAverageBefore: [], loadAverageAfter: [] },
    options: {}, baseline: run("baseline", 1), dashboard: run("dashboard", scale),
  });

  it("prints ratios to the floor and marks targets", () => {
    const rows = buildRows(result(2));
    const cpu = rows.find((row) => row.measure.startsWith("steady state: server CPU (%"))!;
    expect(cpu.ratio).toBe("2.0×");
    expect(cpu.status).toBe("met");
    expect(missedTargets(rows)).toEqual([]);
    expect(formatTable(rows).split("\n").length).toBe(rows.length + 2);
  });

  it("lists what a run missed, with the figure", () => {
    const missed = missedTargets(buildRows(result(6)));
    expect(missed.some((line) => line.includes("heartbeat → browser latency p99") && line.includes("600"))).toBe(true);
    expect(missed.some((line) => line.includes("server CPU (% of one core)"))).toBe(true);
  });

  it("holds a run to issue 18's targets: twice the floor, heartbeat → browser p99 ≤ 250 ms", () => {
    const withBulk = (scale: number): BenchResult => {
      const base = result(scale);
      const bulk = (s: number) => ({
        hosts: 100, requests: 1, singleRequestError: null, received: 100, receivedMs: distribution([1]), replyMs: 1,
        allStoredMs: 1000 * s, counts: { running: 0, succeeded: 100, failed: 0, skipped: 0 },
      });
      return { ...base, baseline: { ...base.baseline!, bulk: bulk(1) }, dashboard: { ...base.dashboard!, bulk: bulk(scale) } };
    };
    const missed = missedTargets(buildRows(withBulk(2.6))).join("\n");
    for (const measure of ["agents connected + registered", "server CPU per agent", "server CPU (% of one core)", "server RSS", "latency p99", "every result stored"]) {
      expect(missed).toContain(measure);
    }
    expect(missedTargets(buildRows(withBulk(1.9)))).toEqual([]);
  });

  it("judges a run without a floor (--skip baseline) only by its absolute targets", () => {
    const alone = { ...result(1), baseline: null };
    expect(missedTargets(buildRows(alone))).toEqual([]);
  });

  it("prints the rollout's gate-to-command p99 against its 2 s target", () => {
    const slow = result(1);
    slow.dashboard!.rollout = {
      hosts: 100, waves: 11, status: "succeeded", totalSeconds: 30, received: 100,
      gateToReceivedMs: { count: 99, p50: 300, p99: 2_500, max: 2_600 }, p99ByWaveMs: [2_500],
    };
    const rows = buildRows(slow);
    expect(rows.find((row) => row.measure.startsWith("rollout: gate passed"))?.dashboard).toBe("2.50");
    expect(missedTargets(rows)).toEqual(["rollout: gate passed → next wave's commands received p99 (s): 2.50 (target ≤ 2 s)"]);
  });

  it("formats a ratio without dividing by nothing", () => {
    expect(ratio(5, 0)).toBe("–");
    expect(ratio(0, 0)).toBe("1.0×");
    expect(ratio(null, 3)).toBe("–");
  });
});
