/**
 * README's "Nothing lost", measured: the dashboard killed with SIGKILL while agents send their output,
 * and while a bulk switch runs, then restarted after 10 s. Real parts throughout: the built dashboard
 * (dist/server.mjs) on a fresh SQLite file, the built agent executable (dist/agent/nixfleet-agent),
 * the fake Nix tools of e2e/fixtures/nix-world.ts. It builds nothing: `npm run build` and
 * `npm run build:agent` first. It prints the figures and exits 1 on any loss.
 *
 *   npm run chaos:kill -- [lines per agent, default 1000000] [bulk hosts, default 20]
 */
import { io, type Socket } from "socket.io-client";
import { sessionCookie } from "../bench/dashboard-process";
import { startAgent, type Agent } from "../e2e/fixtures/agent";
import { startDashboard, type Dashboard } from "../e2e/fixtures/dashboard";
import { NixWorld, SYSTEM_A, type HostControl } from "../e2e/fixtures/nix-world";
import {
  BROWSER_NAMESPACE, type BrowserToServerEvents, type BulkRunView, type CommandSummary, type HostView, type ServerToBrowserEvents,
} from "../lib/protocol/browser";

const LINES = Number(process.argv[2] ?? 1_000_000);
const BULK_HOSTS = Number(process.argv[3] ?? 20);
const OUTPUT_AGENTS = 3;
const RESTART_AFTER_MS = 10_000;
const FINAL = new Set(["succeeded", "failed", "cancelled", "lost"]);
/** Info: the dashboard fixture waits for its `server.listening` line; debug would keep every batch's line in memory. */
const DASHBOARD_ENV = { NIXFLEET_LOG_LEVEL: "info" };

const world = new NixWorld();
const agents: Agent[] = [];
const problems: string[] = [];
let dashboard: (Dashboard & { sessionSecret: string }) | undefined;
let headers: Record<string, string> = {};

/** The dashboard under test (restarted by the run). */
function current(): Dashboard & { sessionSecret: string } {
  if (!dashboard) throw new Error("the dashboard is not running");
  return dashboard;
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${current().url}${path}`, { ...init, headers: { ...headers, ...init.headers } });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** What makes a measurement meaningless (no fault injected): ends a wait at once. */
class Fatal extends Error {}

/** Polls `read` until it returns something; says every 30 s what it is waiting for (`progress`: what it last saw). */
async function waitFor<T>(
  what: string,
  timeoutMs: number,
  read: () => Promise<T | undefined | false>,
  options: { intervalMs?: number; progress?: () => string } = {},
): Promise<T> {
  const started = Date.now();
  let told = started;
  for (;;) {
    // A request may fail while the machine is busy; a Fatal error ends the wait.
    const value = await read().catch((error: unknown) => {
      if (error instanceof Fatal) throw error;
      return undefined;
    });
    if (value) return value;
    const now = Date.now();
    if (now - started > timeoutMs) throw new Error(`timed out after ${seconds(timeoutMs)} waiting for ${what}`);
    if (now - told >= 30_000) {
      told = now;
      say(`  … waiting for ${what} (${seconds(now - started)})${options.progress ? `: ${options.progress()}` : ""}`);
    }
    await sleep(options.intervalMs ?? 500);
  }
}

async function startFleetAgent(name: string, configure: (control: HostControl) => void): Promise<void> {
  const control = world.host(name, SYSTEM_A);
  configure(control);
  agents.push(startAgent({
    url: current().url, token: current().agentToken, hostname: name, executable: true,
    flags: ["--isolated-repo-mode", "--repo-url", world.origin], env: world.agentEnv(control),
  }));
}

/** Starts a command on each host; returns their ids by host. */
async function startCommands(names: readonly string[], type: "pull" | "switch"): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const name of names) {
    const { command: started } = await api<{ command: CommandSummary }>(`/api/hosts/${name}/commands`, {
      method: "POST", body: JSON.stringify({ type }), headers: { "content-type": "application/json", origin: current().url },
    });
    ids[name] = started.id;
  }
  return ids;
}

/** Brings the agents online and has each clone the fleet repository (isolated mode: the first Pull clones it). */
async function prepare(names: readonly string[]): Promise<void> {
  await waitFor("the agents online", 300_000, async () => (await Promise.all(names.map(host))).every(({ host }) => host.online));
  const pulls = await startCommands(names, "pull");
  let states: string[] = [];
  await waitFor("the first pulls", 900_000, async () => {
    const commands = await Promise.all(names.map((name) => command(name, pulls[name]!)));
    states = commands.map((c) => c?.state ?? "unknown");
    if (commands.some((c) => c && FINAL.has(c.state) && c.state !== "succeeded")) throw new Fatal(`a first pull failed: ${JSON.stringify(commands)}`);
    return commands.every((c) => c?.state === "succeeded");
  }, { progress: () => tally(states) });
}

/** "succeeded 12, running 8": how many of each. */
function tally(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => `${value} ${count}`).join(", ");
}

const host = (name: string) => api<{ host: HostView; commands: CommandSummary[] }>(`/api/hosts/${name}`);

async function command(hostName: string, id: string): Promise<CommandSummary | undefined> {
  return (await host(hostName)).commands.find((c) => c.id === id);
}

/** The stored output as the download sends it (read from the store in order). */
async function output(id: string): Promise<string[]> {
  const response = await fetch(`${current().url}/api/commands/${id}/output`, { headers });
  if (!response.ok) throw new Error(`output of ${id}: ${response.status}`);
  return (await response.text()).split("\n").filter((line) => line.length > 0);
}

/** Lines stored, duplicates and gaps of the fake switch's "building step N" lines, plus its last lines. */
function audit(lines: readonly string[], expected: number) {
  let duplicates = 0;
  let outOfOrder = 0;
  let last = 0;
  const seen = new Set<number>();
  for (const line of lines) {
    const match = /^building step (\d+)$/.exec(line);
    if (!match) continue;
    const step = Number(match[1]);
    if (seen.has(step)) duplicates++;
    else if (step < last) outOfOrder++;
    seen.add(step);
    last = Math.max(last, step);
  }
  const gaps = expected - seen.size;
  const tail = ["a warning on stderr", "done"].map((text) => lines.filter((line) => line === text).length);
  return { stored: lines.length, duplicates, outOfOrder, gaps, complete: duplicates === 0 && outOfOrder === 0 && gaps === 0 && tail.every((n) => n === 1) };
}

async function killAndRestart(): Promise<number> {
  await current().process.stop("SIGKILL");
  say(`  dashboard killed (SIGKILL); restarting in ${seconds(RESTART_AFTER_MS)}`);
  await sleep(RESTART_AFTER_MS);
  const { dataDir, port, password, agentToken, sessionSecret } = current();
  dashboard = await startDashboard({ dataDir, port, secrets: { password, agentToken, sessionSecret }, env: DASHBOARD_ENV });
  return Date.now();
}

async function outputDuringKill(): Promise<void> {
  say(`1. ${OUTPUT_AGENTS} agents × ${LINES.toLocaleString("en")} lines, dashboard killed mid-output`);
  const names = Array.from({ length: OUTPUT_AGENTS }, (_, i) => `out-${i + 1}`);
  for (const name of names) await startFleetAgent(name, (control) => control.set("switch.lines", LINES));
  await prepare(names);
  const ids = await startCommands(names, "switch");
  const startedAt = Date.now();
  // Mid-output: a twentieth of every command's lines stored.
  const before = await waitFor("output to arrive", 600_000, async () => {
    const commands = await Promise.all(names.map((name) => command(name, ids[name]!)));
    if (commands.some((c) => c && FINAL.has(c.state))) throw new Fatal(`a switch ended before the kill: ${JSON.stringify(commands)}`);
    const counts = await Promise.all(names.map(async (name) => (await output(ids[name]!)).length));
    return counts.every((count) => count >= LINES / 20) && counts;
  });
  say(`  lines stored before the kill: ${before.map((n) => n.toLocaleString("en")).join(", ")} (${seconds(Date.now() - startedAt)} after the start)`);
  if (before.some((count) => count >= LINES + 2)) problems.push("a command's output was complete before the kill: no fault injected for it");
  const restartedAt = await killAndRestart();

  let states: string[] = [];
  const finals = await waitFor("every command final", 3_600_000, async () => {
    const commands = await Promise.all(names.map((name) => command(name, ids[name]!)));
    states = commands.map((c) => c?.state ?? "unknown");
    return commands.every((c) => c && FINAL.has(c.state)) && (commands as CommandSummary[]);
  }, { progress: () => states.join(", ") });
  let counts: number[] = [];
  let movedAt = Date.now();
  const drained = await waitFor("all output stored", 3_600_000, async () => {
    const now = await Promise.all(names.map(async (name) => (await output(ids[name]!)).length));
    if (now.some((count, i) => count !== counts[i])) movedAt = Date.now();
    counts = now;
    // Every command has ended: output that stopped arriving for 3 minutes is not coming.
    if (Date.now() - movedAt > 180_000) throw new Fatal(`output stopped arriving at ${counts.join(", ")} lines`);
    return counts.every((count) => count >= LINES + 2) && Date.now();
  }, { intervalMs: 10_000, progress: () => counts.join(", ") }).catch((error: unknown) => {
    problems.push(String(error));
    return Date.now();
  });
  say(`  drained ${seconds(drained - restartedAt)} after the restart (dashboard listening)`);
  for (const [i, name] of names.entries()) {
    const figures = audit(await output(ids[name]!), LINES);
    const state = `${finals[i]!.state} (exit ${finals[i]!.exitCode})`;
    say(`  ${name}: ${figures.stored.toLocaleString("en")} lines stored, ${figures.duplicates} duplicates, ${figures.outOfOrder} out of order, ${figures.gaps} gaps; ${state}`);
    if (!figures.complete) problems.push(`${name}: output incomplete or repeated`);
    if (finals[i]!.state !== "succeeded") problems.push(`${name}: ${state}, expected succeeded`);
  }
}

async function bulkDuringKill(): Promise<void> {
  const lines = 2_000;
  say(`2. bulk switch of ${BULK_HOSTS} hosts (${lines} lines, 20 s each), dashboard killed mid-run`);
  const names = Array.from({ length: BULK_HOSTS }, (_, i) => `bulk-${i + 1}`);
  for (const name of names) {
    await startFleetAgent(name, (control) => {
      control.set("switch.lines", lines);
      control.set("switch.sleep", 20);
    });
  }
  await prepare(names);
  const views: BulkRunView[] = [];
  const browser = () => {
    const socket: Socket<ServerToBrowserEvents, BrowserToServerEvents> = io(`${current().url}${BROWSER_NAMESPACE}`, {
      forceNew: true, transports: ["websocket"], extraHeaders: headers,
    });
    socket.on("bulk:progress", (run) => views.push(run));
    return socket;
  };
  let socket = browser();
  const reply = await socket.timeout(60_000).emitWithAck("bulk:request", { hosts: names, type: "switch" });
  if (!reply.ok) throw new Error(`bulk request refused: ${reply.error}`);
  const { run } = reply;
  say(`  run ${run.id}: running ${run.counts.running}, skipped ${run.counts.skipped}`);
  await sleep(5_000);
  socket.close();
  const restartedAt = await killAndRestart();
  socket = browser();
  const finished = await waitFor("the bulk run to finish", 600_000, async () => views.find((view) => view.id === run.id && view.finishedAt !== null));
  socket.close();
  say(`  finished ${seconds(Date.now() - restartedAt)} after the restart: ${JSON.stringify(finished.counts)}`);
  if (finished.counts.succeeded !== BULK_HOSTS) problems.push(`bulk run: ${JSON.stringify(finished.counts)}, expected ${BULK_HOSTS} succeeded`);
  const states = new Map<string, number>();
  for (const name of names) {
    const last = (await host(name)).host.lastCommand;
    const figures = last ? audit(await output(last.id), lines) : null;
    states.set(last?.state ?? "none", (states.get(last?.state ?? "none") ?? 0) + 1);
    if (last?.state !== "succeeded") problems.push(`${name}: ${last?.state ?? "no command"}, expected succeeded`);
    if (!figures?.complete) problems.push(`${name}: output ${JSON.stringify(figures)}`);
  }
  say(`  command states: ${JSON.stringify(Object.fromEntries(states))}`);
}

// Interrupted, it leaves no agent or dashboard behind.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const agent of agents) agent.child.kill("SIGKILL");
    dashboard?.process.child.kill("SIGKILL");
    process.exit(130);
  });
}

try {
  dashboard = await startDashboard({ env: DASHBOARD_ENV });
  const cookie = await sessionCookie(dashboard.sessionSecret);
  headers = { cookie: `${cookie.name}=${cookie.value}`, origin: current().url };
  await outputDuringKill();
  await bulkDuringKill();
} catch (error) {
  // A step that could not be done (a timeout on a busy machine) is no loss, but no measurement either.
  problems.push(`not measured: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await Promise.all(agents.map((agent) => agent.stop("SIGKILL")));
  await dashboard?.stop();
}
say(problems.length === 0 ? "nothing lost" : `LOSS (or not measured):\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
process.exit(problems.length === 0 ? 0 : 1);
