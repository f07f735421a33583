/**
 * Prints the agent's footprint against issue 18's targets, for the pkg-built executable
 * (`npm run build:agent` first): size, `--version` start time, resident memory while connected and
 * idle, and CPU per heartbeat including the git calls the heartbeat waits for. The agent runs against
 * a fake dashboard with a real flake repository and `--interval 1`.
 * Run: node_modules/.bin/tsx agent/measure-executable.ts [executable]
 */
import { execFileSync } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { clockTicksPerSecond, readProcStat, readRssBytes } from "../bench/proc-stats";
import { startAgent } from "./test-support/agent-process";
import { FakeDashboard, waitFor } from "./test-support/fake-dashboard";
import { git, temporaryDir } from "./test-support/fixtures";

const executable = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, "..", "dist", "agent", "nixfleet-agent"));
const WARMUP_MS = 5_000;
const WINDOW_MS = 20_000;
const MIB = 1024 * 1024;
const TARGETS = { sizeMib: 110, rssMib: 55, cpuMsPerHeartbeat: 8 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function figure(name: string, value: number, unit: string, target: number): string {
  const verdict = value <= target ? "ok" : "OVER";
  return `${name.padEnd(40)} ${value.toFixed(1).padStart(7)} ${unit.padEnd(4)} target ≤ ${target} ${unit}  ${verdict}`;
}

const sizeMib = statSync(executable).size / MIB;
const times: number[] = [];
for (let run = 0; run < 11; run += 1) {
  const started = process.hrtime.bigint();
  execFileSync(executable, ["--version"]);
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
}
times.sort((a, b) => a - b);

const { dir, cleanup } = temporaryDir();
const repo = path.join(dir, "repo");
execFileSync("git", ["init", "-q", "-b", "main", repo]);
writeFileSync(path.join(repo, "flake.nix"), "{ outputs = { self }: { }; }\n");
writeFileSync(path.join(repo, "flake.lock"), '{ "nodes": { "root": {} }, "root": "root", "version": 7 }\n');
git(repo, "add", ".");
git(repo, "commit", "-q", "-m", "flake");

const dashboard = await FakeDashboard.start({ tokens: new Set(["measure-token"]) });
writeFileSync(path.join(dir, "token"), "measure-token\n");
const agent = startAgent(
  [
    ["--url", dashboard.url, "--token-file", path.join(dir, "token"), "--state-dir", path.join(dir, "state")],
    ["--repo-dir", repo, "--hostname", "measure", "--interval", "1", "--log-level", "warn"],
  ].flat(),
  { NIXFLEET_CURRENT_SYSTEM_LINK: path.join(dir, "no-system") },
  [executable],
);
try {
  await waitFor(() => dashboard.registrations.length === 1, "registration");
  await sleep(WARMUP_MS);
  const pid = agent.child.pid ?? 0;
  const before = readProcStat(pid);
  const beatsBefore = dashboard.heartbeats.length;
  await sleep(WINDOW_MS);
  const after = readProcStat(pid);
  const heartbeats = dashboard.heartbeats.length - beatsBefore;
  const rssMib = readRssBytes(pid) / MIB;
  if (!before || !after || heartbeats === 0) throw new Error("the agent exited or sent no heartbeat while it was measured");
  const msPerTick = 1000 / clockTicksPerSecond();
  const ownMs = ((after.cpuTicks - before.cpuTicks) * msPerTick) / heartbeats;
  const withGitMs = ((after.cpuTicks - before.cpuTicks + after.childCpuTicks - before.childCpuTicks) * msPerTick) / heartbeats;
  console.log(`executable: ${executable}`);
  console.log(`load average at the end: ${os.loadavg().map((load) => load.toFixed(2)).join(" ")}`);
  console.log(`--version: median ${times[5]?.toFixed(0)} ms, min ${times[0]?.toFixed(0)} ms, max ${times[10]?.toFixed(0)} ms (11 runs)`);
  console.log(figure("size", sizeMib, "MiB", TARGETS.sizeMib));
  console.log(figure("RSS, connected and idle", rssMib, "MiB", TARGETS.rssMib));
  console.log(figure(`CPU per heartbeat with git (${heartbeats} beats)`, withGitMs, "ms", TARGETS.cpuMsPerHeartbeat));
  console.log(`CPU per heartbeat, the agent alone: ${ownMs.toFixed(1)} ms`);
} finally {
  await agent.stop();
  await dashboard.close();
  cleanup();
}
