import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, openSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import bcrypt from "bcryptjs";
import { encode } from "next-auth/jwt";
import { REPO_ROOT } from "./load-fleet";

/** The V8 flags every start of the dashboard gives Node (npm start, the container, the Nix wrapper). */
function dashboardNodeFlags(): string[] {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, "scripts", "dashboard-node-flags.json"), "utf8")) as string[];
}

/** The same staleness rule as scripts/start.mjs: sources newer than dist/server.mjs mean a build. */
const SOURCES = ["app", "components", "lib", "server.ts", "package.json", "next.config.mjs", "prisma/schema.prisma"];
const SKIP = new Set(["node_modules", "generated", ".next"]);

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(entry)) if (!SKIP.has(child)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

export function buildIsStale(root = REPO_ROOT): boolean {
  const built = path.join(root, "dist/server.mjs");
  const buildTime = existsSync(built) && existsSync(path.join(root, ".next/BUILD_ID")) ? statSync(built).mtimeMs : 0;
  return buildTime < Math.max(...SOURCES.map((source) => newestMtime(path.join(root, source))));
}

/** Builds the dashboard when `npm start` would; returns the seconds it took (0 when it was up to date). */
export function buildIfNeeded(): number {
  if (!buildIsStale()) return 0;
  const started = Date.now();
  process.stderr.write("bench: building the dashboard (node scripts/build.mjs)…\n");
  const result = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: REPO_ROOT, stdio: ["ignore", process.stderr, process.stderr] });
  if (result.status !== 0) throw new Error(`the dashboard build failed (exit ${result.status})`);
  return (Date.now() - started) / 1000;
}


export interface DashboardSecrets {
  sessionSecret: string;
  agentToken: string;
  passwordHash: string;
}

export function generateSecrets(): DashboardSecrets {
  return {
    sessionSecret: randomBytes(32).toString("hex"),
    agentToken: randomBytes(24).toString("hex"),
    // Cost 4: nobody signs in with it, the bench makes its own session cookie.
    passwordHash: bcrypt.hashSync(randomBytes(16).toString("hex"), 4),
  };
}

/** A session cookie as next-auth makes it at login. */
export async function sessionCookie(secret: string): Promise<{ name: string; value: string }> {
  const value = await encode({ token: { sub: "admin", name: "admin" }, secret, maxAge: 3600 });
  return { name: "next-auth.session-token", value };
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the dashboard exited with code ${child.exitCode} while starting`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the dashboard did not answer ${url}/api/health within ${timeoutMs / 1000} s`);
}

export interface DashboardProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  spawnedAt: number;
  startSeconds: number;
  stop(): Promise<void>;
}

/**
 * Starts the dashboard as `npm start` does once its build is current (scripts/start.mjs imports
 * dist/server.mjs into its own process; `buildIfNeeded` did its build check), with its own secrets
 * and a fresh data dir, as a separate process whose pid is the server's. Running dist/server.mjs
 * directly keeps a source edited meanwhile from starting a second build inside the measurement.
 */
export async function startDashboard(options: {
  port: number;
  dataDir: string;
  secrets: DashboardSecrets;
  logFile: string;
  profileDir: string | null;
  /** Every simulated agent of the bench comes from 127.0.0.1: by default the per-address cap is lifted. */
  connectionsPerAddress?: number;
}): Promise<DashboardProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const log = openSync(options.logFile, "a");
  const nodeArgs = [...dashboardNodeFlags(), ...(options.profileDir ? ["--cpu-prof", "--cpu-prof-dir", options.profileDir] : [])];
  const started = Date.now();
  const child = spawn(process.execPath, [...nodeArgs, "dist/server.mjs"], {
    cwd: REPO_ROOT,
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(options.port),
      NIXFLEET_BIND_ADDRESS: "127.0.0.1",
      NIXFLEET_DATA_DIR: options.dataDir,
      NIXFLEET_PASSWORD_HASH: options.secrets.passwordHash,
      NIXFLEET_SESSION_SECRET: options.secrets.sessionSecret,
      NIXFLEET_AGENT_TOKEN: options.secrets.agentToken,
      NIXFLEET_CONNECTIONS_PER_ADDRESS: String(options.connectionsPerAddress ?? 1_000_000),
      NEXTAUTH_URL: url,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: "",
    },
  });
  await waitForHealth(url, child, 180_000);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  return {
    child,
    pid: child.pid ?? 0,
    url,
    spawnedAt: started,
    startSeconds: (Date.now() - started) / 1000,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
