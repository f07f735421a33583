/**
 * The agent's footprint alone, without the dashboard's bench: one real agent (the pkg-built executable
 * by default; `npm run build:agent` first) against the agent tests' fake dashboard, with a real flake
 * repository and `--interval 1`. Prints its size, `--version` time, idle RSS and CPU per heartbeat
 * against issue 18's targets, in the bench's table.
 * Run: npm run bench:agent [-- executable]
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { FakeDashboard } from "../agent/test-support/fake-dashboard";
import { temporaryDir } from "../agent/test-support/fixtures";
import { measureAgentFootprint } from "./agent-footprint";
import { REPO_ROOT } from "./load-fleet";
import { footprintRows, formatTable } from "./report";

const executable = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, "dist", "agent", "nixfleet-agent"));

const times: number[] = [];
for (let run = 0; run < 11; run += 1) {
  const started = process.hrtime.bigint();
  execFileSync(executable, ["--version"]);
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
}
times.sort((a, b) => a - b);

const { dir, cleanup } = temporaryDir("nixfleet-measure-agent-");
const dashboard = await FakeDashboard.start({ tokens: new Set(["measure-token"]) });
try {
  const loadBefore = os.loadavg()[0] ?? 0;
  const footprint = await measureAgentFootprint({
    executable,
    url: dashboard.url,
    token: "measure-token",
    hostname: "measure",
    workDir: dir,
    isOnline: () => dashboard.registrations.length > 0,
    heartbeatsSeen: () => dashboard.heartbeats.length,
    warmupMs: 5_000,
    windowMs: 20_000,
  });
  console.log(`executable: ${footprint.executable ?? executable}`);
  console.log(`load average (1 min): ${loadBefore.toFixed(1)} → ${(os.loadavg()[0] ?? 0).toFixed(1)}`);
  console.log(`--version: median ${times[5]?.toFixed(0)} ms, min ${times[0]?.toFixed(0)} ms, max ${times[10]?.toFixed(0)} ms (11 runs)`);
  if (footprint.rssAnonymousBytes !== null) {
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    console.log(`RSS: ${mib(footprint.rssAnonymousBytes)} MiB anonymous (heaps, stacks), ${mib(footprint.rssBytes - footprint.rssAnonymousBytes)} MiB pages of files (mostly the executable)`);
  }
  console.log(formatTable(footprintRows(footprint)));
} finally {
  await dashboard.close();
  cleanup();
}
