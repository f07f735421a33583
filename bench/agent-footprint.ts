import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./load-fleet";
import { clockTicksPerSecond, readProcStat, readRssBytes } from "./proc-stats";

/** Issue 18's targets for the agent: executable size and idle RSS in MiB, CPU per heartbeat with its git calls. */
export const AGENT_FOOTPRINT_TARGETS = { executableMib: 110, rssMib: 55, cpuMsPerHeartbeatWithChildren: 8 } as const;

export interface AgentFootprint {
  executable: string | null;
  executableBytes: number | null;
  /** "executable" (dist/agent/nixfleet-agent) or "source" (node + tsx, when it was not built). */
  ranFrom: "executable" | "source";
  rssBytes: number;
  /** Of the RSS, what is not a file's pages (heaps, stacks); the rest is mostly the executable's own. Null where unreadable. */
  rssAnonymousBytes: number | null;
  heartbeats: number;
  /** The agent's own CPU per heartbeat, and including the git calls it waits for. */
  cpuMsPerHeartbeat: number;
  cpuMsPerHeartbeatWithChildren: number;
}

function makeRepository(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  writeFileSync(path.join(dir, "flake.nix"), "{ outputs = { self }: { }; }\n");
  writeFileSync(path.join(dir, "flake.lock"), '{ "nodes": { "root": {} }, "root": "root", "version": 7 }\n');
  git("add", ".");
  git("-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-q", "-m", "flake");
}

/** The `Anonymous:` total of /proc/<pid>/smaps_rollup in bytes, or null when it has none. */
export function parseAnonymousBytes(smapsRollup: string): number | null {
  const match = /^Anonymous:\s+(\d+) kB$/m.exec(smapsRollup);
  return match ? Number(match[1]) * 1024 : null;
}

function readAnonymousBytes(pid: number): number | null {
  try {
    return parseAnonymousBytes(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one real agent against the dashboard with --interval 1 and measures its resident memory and
 * its CPU time per heartbeat. `heartbeatsSeen` counts the host's heartbeats as a browser sees them.
 * `executable` defaults to dist/agent/nixfleet-agent, and to the sources when that was not built.
 */
export async function measureAgentFootprint(options: {
  executable?: string;
  url: string;
  token: string;
  hostname: string;
  workDir: string;
  isOnline: () => boolean;
  heartbeatsSeen: () => number;
  warmupMs: number;
  windowMs: number;
}): Promise<AgentFootprint> {
  const linked = options.executable ?? path.join(REPO_ROOT, "dist", "agent", "nixfleet-agent");
  const executable = existsSync(linked) ? realpathSync(linked) : null;
  const repoDir = path.join(options.workDir, "repo");
  makeRepository(repoDir);
  const tokenFile = path.join(options.workDir, "token");
  writeFileSync(tokenFile, `${options.token}\n`, { mode: 0o600 });
  const args = [
    "--url", options.url, "--token-file", tokenFile, "--state-dir", path.join(options.workDir, "state"), "--repo-dir", repoDir,
    "--hostname", options.hostname, "--interval", "1", "--log-level", "warn",
  ];
  // A just-built executable sits in the page cache in large folios, and mapping those counts up to
  // 15 MiB more of it as resident; drop them so the agent starts as on a host after a reboot.
  if (executable) execFileSync("dd", [`if=${executable}`, "iflag=nocache", "count=0", "status=none"]);
  const command = executable ? [executable, ...args] : [process.execPath, "--import", "tsx", path.join(REPO_ROOT, "agent", "main.ts"), ...args];
  const child = spawn(command[0]!, command.slice(1), {
    cwd: options.workDir,
    stdio: ["ignore", "ignore", "ignore"],
    env: { ...process.env, NIXFLEET_CURRENT_SYSTEM_LINK: path.join(options.workDir, "no-system") },
  });
  const pid = child.pid ?? 0;
  try {
    const deadline = Date.now() + 60_000;
    while (!options.isOnline()) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error("the real agent did not come online within 60 s");
      await sleep(100);
    }
    await sleep(options.warmupMs);
    const before = readProcStat(pid);
    const beatsBefore = options.heartbeatsSeen();
    await sleep(options.windowMs);
    const after = readProcStat(pid);
    const heartbeats = options.heartbeatsSeen() - beatsBefore;
    const rssBytes = readRssBytes(pid);
    const rssAnonymousBytes = readAnonymousBytes(pid);
    if (!before || !after) throw new Error("the real agent exited while it was measured");
    const msPerTick = 1000 / clockTicksPerSecond();
    const own = (after.cpuTicks - before.cpuTicks) * msPerTick;
    const children = (after.childCpuTicks - before.childCpuTicks) * msPerTick;
    return {
      executable,
      executableBytes: executable ? statSync(executable).size : null,
      ranFrom: executable ? "executable" : "source",
      rssBytes,
      rssAnonymousBytes,
      heartbeats,
      cpuMsPerHeartbeat: heartbeats > 0 ? own / heartbeats : Number.NaN,
      cpuMsPerHeartbeatWithChildren: heartbeats > 0 ? (own + children) / heartbeats : Number.NaN,
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once("exit", resolve)));
  }
}
