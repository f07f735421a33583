/**
 * `npm run bench -- [--agents N] [--duration S] [--json FILE]`: the scale benchmark of issue 7.
 * Runs a bare Socket.IO floor and then the production dashboard under the same simulated fleet,
 * prints one table and writes the figures as JSON. See bench/README.md.
 */
import { execFileSync, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { FINAL_COMMAND_STATES } from "../lib/protocol/agent";
import type { HostView } from "../lib/protocol/browser";
import { benchHostName, checkDownloadedOutput } from "./agent-messages";
import { measureAgentFootprint } from "./agent-footprint";
import { BenchBrowser } from "./browser-socket";
import { BulkTracker, chunked } from "./bulk-tracker";
import { freePort } from "../test-support/free-port";
import { buildIfNeeded, generateSecrets, sessionCookie, startDashboard } from "./dashboard-process";
import { measureFleetPage } from "./fleet-page";
import { measureRollout } from "./rollout-phase";
import { bundle, LoadFleet, REPO_ROOT } from "./load-fleet";
import { HELP, parseBenchOptions, type BenchOptions, type Phase } from "./options";
import { cpuPercent, loadAverage, TreeMonitor } from "./proc-stats";
import { buildRows, formatTable, missedTargets } from "./report";
import type { BenchResult, BulkResult, OutputResult, SteadyResult, StormResult, TargetRun } from "./results";
import { distribution } from "./stats";
import { countLogProblems } from "./log-problems";
import { localPortsAdvice, openFilesLimits, planOpenFiles, rerunWithOpenFiles, shellCanRaise } from "./open-files";

/** Hosts per bulk request when one request for every host is refused. */
const BULK_FALLBACK_CHUNK = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (text: string) => process.stderr.write(`bench: ${text}\n`);

/** Set in the environment of the bench run again under a raised open-files limit. */
const RERUN_MARKER = "NIXFLEET_BENCH_OPEN_FILES";

interface Server {
  kind: "dashboard" | "baseline";
  pid: number;
  url: string;
  token: string;
  spawnedAt: number;
  startSeconds: number;
  headers: Record<string, string>;
  cookie: { name: string; value: string } | null;
  logFile: string | null;
  stop(): Promise<void>;
}

/**
 * Waits until every command the agents received has its result acknowledged and, on the dashboard,
 * until no host has a command that has not ended (at most five minutes).
 */
async function waitUntilIdle(fleet: LoadFleet, server: Server): Promise<void> {
  let received = 0;
  let acked = 0;
  const deadline = Date.now() + 300_000;
  do {
    await sleep(2_000);
    const report = await fleet.report();
    received += report.commandsReceived.length;
    acked += report.resultsAcked.length;
  } while (acked < received && Date.now() < deadline);
  if (server.kind !== "dashboard") return;
  while (Date.now() < deadline) {
    const response = await fetch(`${server.url}/api/hosts`, { headers: server.headers });
    const { hosts } = (await response.json()) as { hosts: HostView[] };
    const open = hosts.filter((host) => host.lastCommand && !FINAL_COMMAND_STATES.some((state) => state === host.lastCommand?.state)).length;
    if (open === 0) return;
    say(`${server.kind}: waiting for ${open} hosts whose command has not ended`);
    await sleep(5_000);
  }
}

async function startBaseline(script: string): Promise<Server> {
  const started = Date.now();
  // execArgv: [] so the floor runs on bare node, not under the tsx loader this process runs in.
  const child = fork(script, [], { cwd: REPO_ROOT, execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (message: { port: number }) => resolve(message.port));
    child.once("exit", (code) => reject(new Error(`the baseline server exited (${code})`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    kind: "baseline",
    pid: child.pid ?? 0,
    url,
    token: "baseline",
    spawnedAt: started,
    startSeconds: (Date.now() - started) / 1000,
    headers: { origin: url },
    cookie: null,
    logFile: null,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function startNixFleet(options: BenchOptions, workDir: string): Promise<Server> {
  const secrets = generateSecrets();
  const dataDir = path.join(workDir, "data");
  const logFile = path.join(workDir, "dashboard.log");
  if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
  const dashboard = await startDashboard({ port: await freePort(), dataDir, secrets, logFile, profileDir: options.profileDir });
  const cookie = await sessionCookie(secrets.sessionSecret);
  return {
    kind: "dashboard",
    pid: dashboard.pid,
    url: dashboard.url,
    token: secrets.agentToken,
    spawnedAt: dashboard.spawnedAt,
    startSeconds: dashboard.startSeconds,
    headers: { origin: dashboard.url, cookie: `${cookie.name}=${cookie.value}` },
    cookie,
    logFile,
    stop: () => dashboard.stop(),
  };
}

/** Everything measured against one server: storm, steady state, page, bulk, output, agent. */
async function measure(server: Server, options: BenchOptions, context: { runId: string; epoch: number; loadScript: string; workDir: string; skip: ReadonlySet<Phase> }): Promise<TargetRun> {
  const { runId, epoch, skip } = context;
  const isDashboard = server.kind === "dashboard";
  const monitor = new TreeMonitor(server.pid);
  const run: TargetRun = {
    kind: server.kind,
    pid: server.pid,
    phases: {},
    startSeconds: server.startSeconds,
    storm: null,
    steady: null,
    bulk: null,
    output: null,
    rollout: null,
    page: null,
    footprint: null,
    peakRssBytes: 0,
    agentErrors: {},
    browserDisconnects: [],
    logProblems: {},
    failures: [],
  };
  const browser = new BenchBrowser(server.url, runId, epoch, server.headers);
  await browser.connected();
  const fleet = await LoadFleet.start(context.loadScript, options.loadProcesses, options.agents);
  const names = Array.from({ length: options.agents }, (_, index) => benchHostName(runId, index));
  const since = () => (Date.now() - server.spawnedAt) / 1000;
  let errorsSoFar: Record<string, number> = {};
  /** Says what went wrong on the agents' side since the last phase. */
  const agentTrouble = async (phase: string) => {
    const errors = (await fleet.report()).errors;
    const fresh = Object.entries(errors).flatMap(([kind, count]) => (count > (errorsSoFar[kind] ?? 0) ? [`${kind} ×${count - (errorsSoFar[kind] ?? 0)}`] : []));
    errorsSoFar = errors;
    if (fresh.length > 0) say(`${server.kind}: agents during ${phase}: ${fresh.join(", ")}`);
  };
  const step = async (name: string, body: () => Promise<void>) => {
    const from = since();
    try {
      await body();
      run.phases[name] = { from, to: since() };
    } catch (error) {
      const message = `${name}: ${error instanceof Error ? error.message : String(error)}`;
      run.failures.push(message);
      say(`${server.kind}: ${message}`);
    }
    await agentTrouble(name).catch(() => undefined);
  };
  try {
    // ---- connect storm ----
    const stormFrom = since();
    say(`${server.kind}: connecting ${options.agents} agents from ${options.loadProcesses} load processes`);
    const stormStarted = Date.now();
    monitor.resetPeak();
    const stormBefore = monitor.sample();
    const connected = await fleet.connect({ url: server.url, token: server.token, runId, epoch, concurrency: options.connectConcurrency });
    const stormSeconds = (Date.now() - stormStarted) / 1000;
    const stormAfter = monitor.sample();
    const online = isDashboard ? await browser.waitOnline(options.agents, 120_000) : false;
    const storm: StormResult = {
      agents: options.agents,
      registered: connected.registered,
      seconds: connected.registerMs.length > 0 ? Math.max(...connected.registerMs) / 1000 : stormSeconds,
      registerMs: distribution(connected.registerMs),
      errors: Object.values(connected.errors).reduce((a, b) => a + b, 0),
      errorKinds: connected.errors,
      cpuSeconds: stormAfter.cpuSeconds - stormBefore.cpuSeconds,
      peakRssBytes: monitor.peakRssBytes,
      browserOnlineSeconds: isDashboard ? (online ? (Date.now() - stormStarted) / 1000 : null) : null,
    };
    run.storm = storm;
    run.phases.storm = { from: stormFrom, to: since() };
    await agentTrouble("the storm");
    say(`${server.kind}: ${storm.registered} registered in ${storm.seconds.toFixed(1)} s, ${storm.errors} errors`);

    // ---- steady state ----
    const intervalMs = options.intervalSeconds * 1000;
    await fleet.heartbeats(Date.now() + 200, intervalMs);
    if (!skip.has("steady")) {
      await sleep(5_000);
      say(`${server.kind}: steady state for ${options.durationSeconds} s`);
      await fleet.report();
      monitor.resetPeak();
      const before = monitor.sample();
      browser.latency.clear();
      browser.measuring = true;
      const steadyFrom = since();
      await sleep(options.durationSeconds * 1000);
      const after = monitor.sample();
      browser.measuring = false;
      const report = await fleet.report();
      const steady: SteadyResult = {
        seconds: (after.at - before.at) / 1000,
        intervalSeconds: options.intervalSeconds,
        heartbeats: report.heartbeatsSent,
        heartbeatsPerSecond: report.heartbeatsSent / ((after.at - before.at) / 1000),
        heartbeatErrors: report.heartbeatErrors,
        disconnects: report.disconnects,
        cpuPercent: cpuPercent(before, after),
        cpuMicrosPerHeartbeat: report.heartbeatsSent > 0 ? ((after.cpuSeconds - before.cpuSeconds) * 1e6) / report.heartbeatsSent : Number.NaN,
        rssBytes: after.rssBytes,
        peakRssBytes: monitor.peakRssBytes,
        latencyMs: browser.latency.summary(),
        latencyP99ByWindowMs: Array.from(browser.latencyWindows, (window) => (window ? window.summary().p99 : Number.NaN)),
      };
      run.steady = steady;
      run.phases.steady = { from: steadyFrom, to: since() };
      await agentTrouble("the steady state");
      say(`${server.kind}: CPU ${steady.cpuPercent.toFixed(1)} %, RSS ${(steady.rssBytes / 1048576).toFixed(0)} MB, latency p99 ${steady.latencyMs.p99} ms`);
    }

    // ---- the fleet page in Chromium ----
    if (isDashboard && !skip.has("page") && server.cookie) {
      const cookie = server.cookie;
      await step("fleet page", async () => {
        say(`dashboard: fleet page in Chromium, then ${options.pageSeconds} s under ${options.pageHeartbeatsPerSecond} heartbeats/s`);
        run.page = await measureFleetPage({
          url: server.url,
          cookie,
          settleMs: 3_000,
          watchMs: options.pageSeconds * 1000,
          beforeWatch: () => fleet.heartbeats(Date.now() + 100, (options.agents / options.pageHeartbeatsPerSecond) * 1000),
          profileFile: options.profileDir ? path.join(options.profileDir, "fleet-page.cpuprofile") : null,
        });
        await fleet.heartbeats(Date.now() + 100, intervalMs);
      });
    }

    // ---- bulk command to every host ----
    if (!skip.has("bulk")) {
      await step("bulk", async () => {
        say(`${server.kind}: bulk pull to ${options.agents} hosts`);
        await fleet.mode({ mode: "quick", workMs: 1000, linesPerSecond: options.linesPerSecond });
        await fleet.report();
        const tracker = new BulkTracker();
        browser.onProgress((view) => tracker.seen(view));
        const attempt = async (chunkSize: number): Promise<BulkResult> => {
          const started = Date.now();
          const views = await Promise.all(chunked(names, chunkSize).map((hosts) => browser.bulk(hosts, "pull")));
          const replyMs = Date.now() - started;
          for (const view of views) tracker.seen(view);
          const ids = views.map((view) => view.id);
          const finishedAt = await tracker.waitFinished(ids, 300_000);
          const report = await fleet.report();
          return {
            hosts: options.agents,
            requests: views.length,
            singleRequestError: null,
            received: report.commandsReceived.length,
            receivedMs: distribution(report.commandsReceived.map((at) => at - started)),
            replyMs,
            allStoredMs: finishedAt === null ? null : finishedAt - started,
            counts: tracker.counts(ids),
          };
        };
        try {
          run.bulk = await attempt(options.agents);
        } catch (error) {
          // Measure what can be measured, and say why it had to be split.
          const message = error instanceof Error ? error.message : String(error);
          run.failures.push(`bulk: one request to all ${options.agents} hosts failed (${message}); measured again in requests of ${BULK_FALLBACK_CHUNK}`);
          say(`${server.kind}: bulk to all hosts failed (${message}); waiting for the agents, then requests of ${BULK_FALLBACK_CHUNK}`);
          await waitUntilIdle(fleet, server);
          run.bulk = { ...(await attempt(BULK_FALLBACK_CHUNK)), singleRequestError: message };
        } finally {
          browser.onProgress(null);
        }
        say(`${server.kind}: bulk received p99 ${(run.bulk.receivedMs.p99 / 1000).toFixed(2)} s, all stored ${((run.bulk.allStoredMs ?? Number.NaN) / 1000).toFixed(1)} s`);
      });
    }

    // ---- a rollout of every host in waves of 10 % ----
    if (isDashboard && !skip.has("rollout")) {
      await step("rollout", async () => {
        say(`dashboard: rollout to ${options.agents} hosts, canary of 1, waves of 10 %`);
        run.rollout = await measureRollout({ url: server.url, headers: server.headers, fleet, hosts: options.agents, timeoutMs: 600_000, say });
        say(`dashboard: rollout ${run.rollout.status} in ${run.rollout.totalSeconds.toFixed(1)} s, gate → commands received p99 ${(run.rollout.gateToReceivedMs.p99 / 1000).toFixed(2)} s`);
      });
    }

    // ---- output streaming ----
    if (!skip.has("output")) {
      await step("output", async () => {
        const hosts = names.slice(0, options.streamHosts);
        say(`${server.kind}: ${hosts.length} hosts printing ${options.linesPerSecond} lines/s for ${options.outputSeconds} s`);
        await fleet.mode({ mode: "stream", workMs: 0, linesPerSecond: options.linesPerSecond });
        await fleet.report();
        const tracker = new BulkTracker();
        browser.onProgress((view) => tracker.seen(view));
        const started = Date.now();
        monitor.resetPeak();
        const before = monitor.sample();
        const view = await browser.bulk(hosts, "switch");
        tracker.seen(view);
        const commandIds = new Set(view.hosts.flatMap((host) => (host.commandId ? [host.commandId] : [])));
        const watched = view.hosts.find((host) => host.commandId !== null);
        if (watched?.commandId) await browser.watchCommand(watched.commandId);
        await sleep(Math.max(0, options.outputSeconds * 1000 - (Date.now() - started)));
        const printing = await fleet.report();
        const after = monitor.sample();
        const stoppedAt = Date.now();
        const allStreams = await Promise.race([
          fleet.stopStreams(),
          sleep(600_000).then(() => {
            throw new Error("output did not drain within 600 s");
          }),
        ]);
        const drainSeconds = (Date.now() - stoppedAt) / 1000;
        const streams = allStreams.filter((stream) => commandIds.has(stream.commandId));
        const drained = await fleet.report();
        await tracker.waitFinished([view.id], 60_000);
        browser.onProgress(null);
        const printSeconds = (stoppedAt - started) / 1000;
        const watchedStream = streams.find((s) => s.commandId === watched?.commandId);
        let watcherMissing = 0;
        if (watchedStream) for (let seq = 1; seq <= watchedStream.lastSeq; seq += 1) if (!browser.watch.seqs.has(seq)) watcherMissing += 1;
        const output: OutputResult = {
          hosts: hosts.length,
          linesPerSecondEach: options.linesPerSecond,
          printSeconds,
          linesPrinted: streams.reduce((sum, s) => sum + s.lastSeq, 0),
          linesStored: printing.linesStored + drained.linesStored,
          printedPerSecond: streams.reduce((sum, s) => sum + s.printedBeforeStop, 0) / printSeconds,
          storedPerSecond: printing.linesStored / printSeconds,
          drainSeconds,
          watcherLagMs: browser.watch.lag.summary(),
          watcherMissing,
          hostsShort: streams.filter((s) => s.storedThrough < s.lastSeq || !s.resultAcked).length + (hosts.length - streams.length),
          verified: null,
          outputErrors: printing.outputErrors + drained.outputErrors,
          cpuPercent: cpuPercent(before, after),
          peakRssBytes: monitor.peakRssBytes,
        };
        if (isDashboard) {
          const sample = [watchedStream, ...streams.filter((s) => s !== watchedStream).slice(0, 4)].filter((s) => s !== undefined);
          const verified = { commands: 0, lines: 0, missing: 0, misplaced: 0 };
          for (const stream of sample) {
            const response = await fetch(`${server.url}/api/commands/${stream.commandId}/output`, { headers: server.headers });
            if (!response.ok) throw new Error(`GET /api/commands/${stream.commandId}/output answered ${response.status}`);
            const checked = checkDownloadedOutput(await response.text(), stream.lastSeq);
            verified.commands += 1;
            verified.lines += checked.lines;
            verified.missing += checked.missing + Math.max(0, stream.lastSeq - checked.lines);
            verified.misplaced += checked.misplaced;
          }
          output.verified = verified;
        }
        run.output = output;
        say(`${server.kind}: stored ${output.storedPerSecond.toFixed(0)} lines/s, drain ${drainSeconds.toFixed(1)} s, watcher lag p99 ${output.watcherLagMs.p99} ms`);
      });
    }

    // ---- one real agent ----
    if (isDashboard && !skip.has("footprint")) {
      await step("agent footprint", async () => {
        const hostname = benchHostName(runId, options.agents);
        browser.heartbeatsOf.set(hostname, 0);
        say("dashboard: one real agent, --interval 1");
        const workDir = mkdtempSync(path.join(context.workDir, "agent-"));
        run.footprint = await measureAgentFootprint({
          url: server.url,
          token: server.token,
          hostname,
          workDir,
          isOnline: () => browser.online.has(hostname),
          heartbeatsSeen: () => browser.heartbeatsOf.get(hostname) ?? 0,
          warmupMs: 3_000,
          windowMs: 15_000,
        });
      });
    }
  } finally {
    try {
      run.agentErrors = (await fleet.report()).errors;
    } catch (error) {
      run.failures.push(`load processes: ${error instanceof Error ? error.message : String(error)}`);
    }
    run.browserDisconnects = browser.disconnects;
    run.peakRssBytes = Math.max(monitor.peakRssBytes, monitor.sample().rssBytes);
    monitor.stop();
    browser.close();
    await fleet.close();
    await server.stop();
    if (server.logFile) {
      const log = readFileSync(server.logFile, "utf8");
      run.logProblems = countLogProblems(log);
      const kept = path.join(REPO_ROOT, "bench", "results", "dashboard.log");
      mkdirSync(path.dirname(kept), { recursive: true });
      writeFileSync(kept, log);
    }
  }
  return run;
}

function gitCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

async function main(): Promise<number> {
  const parsed = parseBenchOptions(process.argv.slice(2));
  if (parsed.kind === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  if (parsed.kind === "invalid") {
    process.stderr.write(`bench: ${parsed.errors.join("\n  ")}\n${HELP}`);
    return 2;
  }
  const options = parsed.options;
  const openFilesPlan = planOpenFiles(options.agents, openFilesLimits().soft, process.env[RERUN_MARKER] !== undefined, shellCanRaise);
  if (openFilesPlan.kind === "refuse") {
    process.stderr.write(`bench: ${openFilesPlan.message}\n`);
    return 2;
  }
  if (openFilesPlan.kind === "rerun") {
    say(`raising the open-files limit to ${openFilesPlan.limit} (ulimit -n) and running again`);
    return rerunWithOpenFiles(openFilesPlan.limit, RERUN_MARKER);
  }
  const openFiles = openFilesPlan.limit;
  const ports = localPortsAdvice(options.agents);
  if (ports) say(`warning: ${ports}`);
  const started = new Date();
  const buildSeconds = buildIfNeeded();
  const [loadScript, baselineScript] = await Promise.all([bundle("load-agents.ts"), bundle("baseline-server.ts")]);
  const workDir = mkdtempSync(path.join(os.tmpdir(), "nixfleet-bench-"));
  const runId = randomBytes(3).toString("hex");
  const epoch = Date.now();
  const loadBefore = loadAverage();
  const context = { runId, epoch, loadScript, workDir, skip: options.skip };
  const result: BenchResult = {
    startedAt: started.toISOString(),
    finishedAt: "",
    totalSeconds: 0,
    buildSeconds,
    gitCommit: gitCommit(),
    machine: { cpus: os.cpus().length, memoryBytes: os.totalmem(), node: process.version, openFilesLimit: openFiles, loadAverageBefore: loadBefore, loadAverageAfter: [] },
    options: { ...options, skip: [...options.skip] },
    baseline: null,
    dashboard: null,
  };
  try {
    if (!options.skip.has("baseline")) {
      say("floor: bare Socket.IO server");
      result.baseline = await measure(await startBaseline(baselineScript), options, context);
    }
    say("dashboard: starting the production build (npm start)");
    result.dashboard = await measure(await startNixFleet(options, workDir), options, context);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  result.finishedAt = new Date().toISOString();
  result.totalSeconds = (Date.now() - started.getTime()) / 1000;
  result.machine.loadAverageAfter = loadAverage();

  const jsonFile = path.resolve(REPO_ROOT, options.jsonFile);
  mkdirSync(path.dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, JSON.stringify(result, null, 2) + "\n");

  const rows = buildRows(result);
  const missed = missedTargets(rows);
  const failures = [...(result.baseline?.failures ?? []).map((f) => `floor: ${f}`), ...(result.dashboard?.failures ?? [])];
  process.stdout.write(
    [
      "",
      `NixFleet bench: ${options.agents.toLocaleString("en-US")} agents, ${options.loadProcesses} load processes, ` +
        `${result.machine.cpus} cores, load average ${loadBefore.join(" ")} → ${result.machine.loadAverageAfter.join(" ")}, ` +
        `commit ${result.gitCommit}, ${result.totalSeconds.toFixed(0)} s${buildSeconds > 0 ? ` (build ${buildSeconds.toFixed(0)} s)` : ""}`,
      "",
      formatTable(rows),
      "",
      missed.length === 0 ? "All targets met." : `Targets missed:\n${missed.map((m) => `  - ${m}`).join("\n")}`,
      ...(failures.length > 0 ? ["", `Phases that failed:\n${failures.map((f) => `  - ${f}`).join("\n")}`] : []),
      ...(Object.keys(result.dashboard?.logProblems ?? {}).length > 0
        ? ["", `Dashboard log warnings/errors: ${Object.entries(result.dashboard!.logProblems).map(([k, v]) => `${k} ×${v}`).join(", ")}`]
        : []),
      `JSON: ${path.relative(REPO_ROOT, jsonFile)}`,
      "",
    ].join("\n"),
  );
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
