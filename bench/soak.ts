// npm run soak: 60 s of a hostile client against the production dashboard while a real agent stays
// connected. The client (from 127.0.0.2) opens Engine.IO polling sessions, malformed, wrong-token and
// default-namespace handshakes, and oversized request bodies, as fast as it can; the script prints the
// agent's disconnects, the dashboard's peak RSS and /api/health's latency. Figures, not assertions:
// README "Security" keeps them with the bound they show.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { io } from "socket.io-client";
import { freePort } from "../test-support/free-port";
import { buildIfNeeded, generateSecrets, startDashboard } from "./dashboard-process";
import { REPO_ROOT } from "./load-fleet";
import { readRssBytes } from "./proc-stats";
import { distribution } from "./stats";

const DURATION_MS = Number(process.env.SOAK_SECONDS ?? 60) * 1000;
const ATTACKER = "127.0.0.2";
const WORKERS_PER_ATTACK = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tally = new Map<string, number>();
const count = (what: string) => tally.set(what, (tally.get(what) ?? 0) + 1);

/** One GET or an oversized POST from the attacker's address; resolves with the status (or the error). */
function hostileRequest(url: string, method: "GET" | "POST"): Promise<string> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const oversized = method === "POST";
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method, localAddress: ATTACKER,
        headers: oversized ? { "content-type": "application/x-www-form-urlencoded", "content-length": String(900 * 1024 * 1024) } : {} },
      (res) => {
        res.resume();
        res.once("end", () => resolve(String(res.statusCode)));
        req.destroy();
      },
    );
    req.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
    if (!oversized) return void req.end();
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pump = () => {
      while (!req.destroyed && req.write(chunk));
      if (!req.destroyed) req.once("drain", pump);
    };
    pump();
  });
}

function hostileHandshake(url: string, kind: number, agentToken: string): Promise<string> {
  const namespaces = ["/agent", "/agent", "/"];
  const auths = [{ hostname: "x" }, { token: `${agentToken}-wrong`, hostname: `victim-${kind}`, protocol: 1 }, {}];
  return new Promise((resolve) => {
    const socket = io(`${url}${namespaces[kind % 3]}`, {
      auth: auths[kind % 3], transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10_000,
      ...({ localAddress: ATTACKER } as object),
    });
    const done = (outcome: string) => {
      socket.close();
      resolve(outcome);
    };
    socket.once("connect", () => done("connected"));
    socket.once("connect_error", (error) => done(error.message));
  });
}

async function attack(deadline: number, name: string, once: () => Promise<string>): Promise<void> {
  while (Date.now() < deadline) count(`${name} ${await once()}`);
}

async function main(): Promise<void> {
  buildIfNeeded();
  const work = mkdtempSync(path.join(tmpdir(), "nixfleet-soak-"));
  const secrets = generateSecrets();
  const dashboard = await startDashboard({
    port: await freePort(), dataDir: path.join(work, "data"), secrets, logFile: path.join(work, "dashboard.log"), profileDir: null,
    connectionsPerAddress: 1_000,
  });
  const tokenFile = path.join(work, "token");
  writeFileSync(tokenFile, `${secrets.agentToken}\n`, { mode: 0o600 });
  const agent = spawn(process.execPath, [
    "--import", "tsx", path.join(REPO_ROOT, "agent", "main.ts"), "--url", dashboard.url, "--token-file", tokenFile,
    "--state-dir", path.join(work, "agent-state"), "--hostname", "soak-agent", "--interval", "1",
  ], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NIXFLEET_CURRENT_SYSTEM_LINK: path.join(work, "no-system") } });
  const agentEvents = { connected: 0, disconnected: 0 };
  for (const stream of [agent.stdout, agent.stderr]) {
    stream.setEncoding("utf8");
    stream.on("data", (text: string) => {
      agentEvents.connected += text.match(/event=connected\b/g)?.length ?? 0;
      agentEvents.disconnected += text.match(/event=disconnected\b/g)?.length ?? 0;
    });
  }
  try {
    while (agentEvents.connected === 0) {
      if (agent.exitCode !== null) throw new Error("the agent exited before it connected");
      await sleep(100);
    }
    const rssAtStart = readRssBytes(dashboard.pid);
    let rssPeak = rssAtStart;
    const latencies: number[] = [];
    const deadline = Date.now() + DURATION_MS;
    const probes = (async () => {
      while (Date.now() < deadline) {
        rssPeak = Math.max(rssPeak, readRssBytes(dashboard.pid));
        const started = performance.now();
        const response = await fetch(`${dashboard.url}/api/health`).catch(() => null);
        latencies.push(performance.now() - started);
        if (!response?.ok) count("health failed");
        await response?.text();
        await sleep(100);
      }
    })();
    const workers = Array.from({ length: WORKERS_PER_ATTACK }, (_, i) => [
      attack(deadline, "polling", () => hostileRequest(`${dashboard.url}/socket.io/?EIO=4&transport=polling`, "GET")),
      attack(deadline, "handshake", () => hostileHandshake(dashboard.url, i + Math.floor(Math.random() * 3), secrets.agentToken)),
      attack(deadline, "oversized body", () => hostileRequest(`${dashboard.url}/api/auth/callback/credentials`, "POST")),
    ]).flat();
    await Promise.all([probes, ...workers]);
    const health = distribution(latencies);
    const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
    const lines = [
      `soak: ${DURATION_MS / 1000} s of a hostile client from ${ATTACKER}, ${WORKERS_PER_ATTACK} workers per attack`,
      ...[...tally].sort().map(([what, n]) => `  ${what}: ${n}`),
      `  agent: ${agentEvents.disconnected} disconnects during the soak (connected ${agentEvents.connected} time${agentEvents.connected === 1 ? "" : "s"} in all)`,
      `  dashboard RSS: ${mb(rssAtStart)} at the start, ${mb(rssPeak)} at the peak`,
      `  /api/health: ${health.count} probes, p50 ${health.p50.toFixed(1)} ms, p99 ${health.p99.toFixed(1)} ms, max ${health.max.toFixed(1)} ms`,
    ];
    process.stdout.write(lines.join("\n") + "\n");
  } finally {
    agent.kill("SIGTERM");
    await dashboard.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`soak: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
