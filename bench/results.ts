import type { AgentFootprint } from "./agent-footprint";
import type { FleetPageResult } from "./fleet-page";
import type { RolloutResult } from "./rollout-figures";
import type { Distribution } from "./stats";

/** Everything one run measures; written as JSON and turned into the table by report.ts. */

export interface StormResult {
  agents: number;
  registered: number;
  /** From the first connect until the last agent's register ack. */
  seconds: number;
  registerMs: Distribution;
  errors: number;
  errorKinds: Record<string, number>;
  /** Server CPU from the first connect until the last register ack. */
  cpuSeconds: number;
  peakRssBytes: number;
  /** Until the browser socket had seen every host come online (dashboard only). */
  browserOnlineSeconds: number | null;
}

export interface SteadyResult {
  seconds: number;
  intervalSeconds: number;
  heartbeats: number;
  heartbeatsPerSecond: number;
  heartbeatErrors: number;
  disconnects: number;
  cpuPercent: number;
  cpuMicrosPerHeartbeat: number;
  rssBytes: number;
  peakRssBytes: number;
  latencyMs: Distribution;
  /** p99 latency of each 5 s window of the steady state. */
  latencyP99ByWindowMs: number[];
}

export interface BulkResult {
  hosts: number;
  /** Bulk requests the hosts were sent in: 1, unless one request for all of them was refused. */
  requests: number;
  singleRequestError: string | null;
  received: number;
  /** From the browser's bulk:request until each agent got command:run. */
  receivedMs: Distribution;
  /** Until the browser's bulk:request was answered (every command started). */
  replyMs: number;
  /** Until bulk:progress said every command had ended (every result stored). */
  allStoredMs: number | null;
  counts: { running: number; succeeded: number; failed: number; skipped: number } | null;
}

export interface OutputResult {
  hosts: number;
  linesPerSecondEach: number;
  printSeconds: number;
  linesPrinted: number;
  linesStored: number;
  /** Lines the simulated hosts printed per second (whether the load generator kept up). */
  printedPerSecond: number;
  /** Lines acknowledged as stored per second while the hosts printed. */
  storedPerSecond: number;
  /** After printing stopped, until every line and result was acknowledged. */
  drainSeconds: number;
  watcherLagMs: Distribution;
  watcherMissing: number;
  /** Hosts whose acknowledged stored-through mark fell short of their last line. */
  hostsShort: number;
  /** Downloaded outputs checked line by line (dashboard only). */
  verified: { commands: number; lines: number; missing: number; misplaced: number } | null;
  outputErrors: number;
  cpuPercent: number;
  peakRssBytes: number;
}

export interface TargetRun {
  kind: "dashboard" | "baseline";
  pid: number;
  /** Each phase's window in seconds since the server process was spawned (to slice a --profile). */
  phases: Record<string, { from: number; to: number }>;
  startSeconds: number;
  storm: StormResult | null;
  steady: SteadyResult | null;
  bulk: BulkResult | null;
  output: OutputResult | null;
  /** The rollout phase (dashboard only). */
  rollout: RolloutResult | null;
  page: FleetPageResult | null;
  footprint: AgentFootprint | null;
  peakRssBytes: number;
  /** What went wrong on the agents' side, by kind (connect errors, timeouts, disconnect reasons…). */
  agentErrors: Record<string, number>;
  /** Times and reasons the measuring browser socket lost its connection. */
  browserDisconnects: string[];
  /** Warnings and errors in the dashboard's log, by event. */
  logProblems: Record<string, number>;
  failures: string[];
}

export interface BenchResult {
  startedAt: string;
  finishedAt: string;
  totalSeconds: number;
  buildSeconds: number;
  gitCommit: string;
  machine: { cpus: number; memoryBytes: number; node: string; openFilesLimit: number; loadAverageBefore: number[]; loadAverageAfter: number[] };
  options: Record<string, unknown>;
  baseline: TargetRun | null;
  dashboard: TargetRun | null;
}
