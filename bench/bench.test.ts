import { describe, expect, it } from "vitest";
import { heartbeatMessageSchema, registerMessageSchema, commandOutputSchema } from "../lib/protocol/agent";
import { benchHostIndex, benchHostName, checkDownloadedOutput, heartbeatMessage, outputChunk, outputLine, parseOutputLine, registerMessage, simulatedHost } from "./agent-messages";
import { countLogProblems } from "./log-problems";
import { parseBenchOptions } from "./options";
import { parseProcStat } from "./proc-stats";
import { buildRows, formatTable, missedTargets, ratio } from "./report";
import type { BenchResult, TargetRun } from "./results";
import { distribution, quantileOfSorted, Reservoir } from "./stats";

describe("simulated agent messages", () => {
  it("are accepted by the dashboard's own protocol schemas", () => {
    const host = simulatedHost("abc123", 9_999);
    expect(registerMessageSchema.safeParse(registerMessage(host, 1234)).success).toBe(true);
    expect(heartbeatMessageSchema.safeParse(heartbeatMessage(host, 98_765, { id: crypto.randomUUID(), type: "pull" })).success).toBe(true);
    const chunks = Array.from({ length: 500 }, (_, i) => outputChunk(i + 1, Date.now()));
    expect(commandOutputSchema.safeParse({ commandId: crypto.randomUUID(), chunks }).success).toBe(true);
  });

  it("weigh about what a real heartbeat weighs", () => {
    const size = JSON.stringify(heartbeatMessage(simulatedHost("abc123", 1), 1)).length;
    expect(size).toBeGreaterThan(300);
    expect(size).toBeLessThan(900);
  });

  it("name hosts so that the run's own hosts are recognised", () => {
    expect(benchHostIndex("abc123", benchHostName("abc123", 42))).toBe(42);
    expect(benchHostIndex("abc123", benchHostName("zzz999", 42))).toBe(-1);
  });

  it("carry their seq and print time in every output line", () => {
    expect(parseOutputLine(outputLine(17, 1_700_000_000_123))).toEqual({ seq: 17, printedAt: 1_700_000_000_123 });
    expect(parseOutputLine("something else")).toBeNull();
  });
});

describe("checking a downloaded output", () => {
  const text = (seqs: number[]) => seqs.map((seq) => outputLine(seq, 1)).join("\n") + "\n";

  it("finds nothing wrong with every line once, in order", () => {
    expect(checkDownloadedOutput(text([1, 2, 3]), 3)).toEqual({ lines: 3, missing: 0, misplaced: 0 });
  });

  it("counts missing and misplaced lines", () => {
    expect(checkDownloadedOutput(text([1, 3]), 3)).toEqual({ lines: 2, missing: 1, misplaced: 1 });
    expect(checkDownloadedOutput(text([2, 1, 3]), 3)).toEqual({ lines: 3, missing: 0, misplaced: 2 });
  });
});

describe("statistics", () => {
  it("takes nearest-rank quantiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantileOfSorted(values, 0.5)).toBe(50);
    expect(quantileOfSorted(values, 0.99)).toBe(99);
    expect(distribution([3, 1, 2])).toEqual({ count: 3, p50: 2, p99: 3, max: 3 });
    expect(distribution([]).count).toBe(0);
  });

  it("keeps exact counts and maxima in a reservoir that samples the rest", () => {
    const reservoir = new Reservoir(100);
    for (let i = 1; i <= 10_000; i += 1) reservoir.add(i);
    const summary = reservoir.summary();
    expect(summary.count).toBe(10_000);
    expect(summary.max).toBe(10_000);
    expect(summary.p50).toBeGreaterThan(2_000);
    expect(summary.p50).toBeLessThan(8_000);
  });
});

describe("options", () => {
  it("default to a run of a few minutes", () => {
    const outcome = parseBenchOptions([]);
    expect(outcome.kind).toBe("run");
    if (outcome.kind !== "run") return;
    expect(outcome.options.agents).toBe(1000);
    expect(outcome.options.jsonFile).toBe("bench/results/latest.json");
    expect(outcome.options.loadProcesses).toBe(2);
  });

  it("spread ten thousand agents over four load processes", () => {
    const outcome = parseBenchOptions(["--agents", "10000", "--duration", "60", "--json", "/tmp/x.json"]);
    expect(outcome.kind === "run" && outcome.options.loadProcesses).toBe(4);
  });

  it("refuse bad values and unknown phases, naming the option", () => {
    const outcome = parseBenchOptions(["--agents", "many", "--skip", "everything"]);
    expect(outcome.kind).toBe("invalid");
    if (outcome.kind === "invalid") {
      expect(outcome.errors.join("\n")).toMatch(/--agents/);
      expect(outcome.errors.join("\n")).toMatch(/--skip/);
    }
  });
});

describe("/proc parsing", () => {
  it("reads CPU ticks after a command name with spaces and parentheses", () => {
    const line = "1234 (node (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 11 0 100 1000 500";
    expect(parseProcStat(line)).toEqual({ pid: 1234, ppid: 1, cpuTicks: 300, childCpuTicks: 10 });
  });
});

describe("log problems", () => {
  it("are counted by level and event", () => {
    const log = "time=1 level=info event=a\ntime=2 level=warn event=agent.rate_limited host=x\ntime=3 level=warn event=agent.rate_limited\ntime=4 level=error event=b";
    expect(countLogProblems(log)).toEqual({ "warn agent.rate_limited": 2, "error b": 1 });
  });
});

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

  it("formats a ratio without dividing by nothing", () => {
    expect(ratio(5, 0)).toBe("–");
    expect(ratio(0, 0)).toBe("1.0×");
    expect(ratio(null, 3)).toBe("–");
  });
});
