/**
 * Prints the figures issue 3 asks for, for the pkg-built executable (`npm run build:agent` first):
 * size, `--version` start time, and resident memory while idle and connected to a dashboard.
 * Run: node_modules/.bin/tsx agent/measure-executable.ts [executable]
 */
import { execFileSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startAgent } from "./test-support/agent-process";
import { FakeDashboard, waitFor } from "./test-support/fake-dashboard";
import { temporaryDir } from "./test-support/fixtures";

const executable = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, "..", "dist", "agent", "nixfleet-agent"));
const IDLE_SECONDS = 10;

function rssMegabytes(pid: number): number {
  const kilobytes = Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  return kilobytes / 1024;
}

const sizeMb = statSync(executable).size / 1024 / 1024;
const times: number[] = [];
for (let run = 0; run < 11; run += 1) {
  const started = process.hrtime.bigint();
  execFileSync(executable, ["--version"]);
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
}
times.sort((a, b) => a - b);

const { dir, cleanup } = temporaryDir();
const dashboard = await FakeDashboard.start({ tokens: new Set(["measure-token"]) });
writeFileSync(path.join(dir, "token"), "measure-token\n");
const agent = startAgent(
  ["--url", dashboard.url, "--token-file", path.join(dir, "token"), "--state-dir", path.join(dir, "state"), "--hostname", "measure", "--interval", "5"],
  {},
  [executable],
);
try {
  await waitFor(() => dashboard.registrations.length === 1, "registration");
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  const pid = agent.child.pid ?? 0;
  console.log(`executable: ${executable}`);
  console.log(`size: ${sizeMb.toFixed(1)} MiB`);
  console.log(`--version: median ${times[5]?.toFixed(0)} ms, min ${times[0]?.toFixed(0)} ms, max ${times[10]?.toFixed(0)} ms (11 runs)`);
  console.log(`idle RSS, connected, after ${IDLE_SECONDS} s: ${rssMegabytes(pid).toFixed(1)} MiB (heartbeats received: ${dashboard.heartbeats.length})`);
} finally {
  await agent.stop();
  await dashboard.close();
  cleanup();
}
