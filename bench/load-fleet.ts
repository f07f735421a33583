import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import type { ConnectReply, Envelope, LoadReply, LoadReport, LoadRequest, ModeRequest, StreamSummary } from "./load-ipc";

export const REPO_ROOT = path.resolve(import.meta.dirname, "..");
/** Bundles live under node_modules so their bare imports (socket.io…) resolve from the repository. */
const BUNDLE_DIR = path.join(REPO_ROOT, "node_modules", ".cache", "nixfleet-bench");

/** Bundles a bench entry into plain JavaScript, so its process runs on bare node like dist/server.mjs. */
export async function bundle(entry: string): Promise<string> {
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const outfile = path.join(BUNDLE_DIR, `${path.basename(entry, ".ts")}.mjs`);
  await build({
    entryPoints: [path.join(import.meta.dirname, entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  return outfile;
}

class LoadProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (reply: LoadReply) => void; reject: (error: Error) => void }>();
  closing = false;
  readonly exited: Promise<void>;

  constructor(readonly child: ChildProcess) {
    child.on("message", (message: Envelope<LoadReply>) => {
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      waiter?.resolve(message.body);
    });
    this.exited = new Promise((resolve) =>
      child.once("exit", (code, signal) => {
        if (code !== 0 && !this.closing) process.stderr.write(`bench: load process ${child.pid} exited (${code ?? signal})\n`);
        for (const waiter of this.waiting.values()) waiter.reject(new Error(`load process exited (${code ?? signal})`));
        this.waiting.clear();
        resolve();
      }),
    );
  }

  request<T extends LoadReply>(body: LoadRequest): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null || !this.child.connected) {
        return reject(new Error(`load process ${this.child.pid} is gone (${this.child.exitCode ?? this.child.signalCode ?? "disconnected"})`));
      }
      this.waiting.set(id, { resolve: resolve as (reply: LoadReply) => void, reject });
      this.child.send({ id, body } satisfies Envelope<LoadRequest>, (error) => {
        if (!error) return;
        this.waiting.delete(id);
        reject(error);
      });
    });
  }
}

export interface FleetConnectResult {
  registered: number;
  registerMs: number[];
  errors: Record<string, number>;
}

export interface FleetReport {
  heartbeatsSent: number;
  heartbeatsAcked: number;
  heartbeatErrors: number;
  disconnects: number;
  commandsReceived: number[];
  resultsAcked: number[];
  linesStored: number;
  outputErrors: number;
  errors: Record<string, number>;
}

function mergeCounts(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
  for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value;
  return into;
}

/** The simulated agents, spread round-robin over several load processes. */
export class LoadFleet {
  private constructor(
    private readonly processes: LoadProcess[],
    readonly total: number,
  ) {}

  static async start(script: string, processes: number, total: number): Promise<LoadFleet> {
    const list = Array.from({ length: Math.min(processes, total) }, () => {
      const child = fork(script, [], { cwd: REPO_ROOT, stdio: ["ignore", "inherit", "inherit", "ipc"], execArgv: ["--max-old-space-size=4096"] });
      return new LoadProcess(child);
    });
    return new LoadFleet(list, total);
  }

  get pids(): number[] {
    return this.processes.map((p) => p.child.pid ?? 0);
  }

  async connect(settings: { url: string; token: string; runId: string; epoch: number; concurrency: number }): Promise<FleetConnectResult> {
    const count = this.processes.length;
    const replies = await Promise.all(
      this.processes.map((process, p) => {
        const indices: number[] = [];
        for (let index = p; index < this.total; index += count) indices.push(index);
        return process.request<ConnectReply>({ kind: "connect", ...settings, indices, total: this.total, concurrency: Math.ceil(settings.concurrency / count) });
      }),
    );
    return {
      registered: replies.reduce((sum, r) => sum + r.registered, 0),
      registerMs: replies.flatMap((r) => r.registerMs),
      errors: replies.reduce((all, r) => mergeCounts(all, r.errors), {} as Record<string, number>),
    };
  }

  async heartbeats(startAt: number, intervalMs: number): Promise<void> {
    await Promise.all(this.processes.map((p) => p.request({ kind: "heartbeats", startAt, intervalMs })));
  }

  async mode(mode: Omit<ModeRequest, "kind">): Promise<void> {
    await Promise.all(this.processes.map((p) => p.request({ kind: "mode", ...mode })));
  }

  async stopStreams(): Promise<StreamSummary[]> {
    const replies = await Promise.all(this.processes.map((p) => p.request<{ kind: "stream-done"; streams: StreamSummary[] }>({ kind: "stop-stream" })));
    return replies.flatMap((r) => r.streams);
  }

  async report(): Promise<FleetReport> {
    const replies = await Promise.all(this.processes.map((p) => p.request<LoadReport>({ kind: "report" })));
    const sum = (pick: (r: LoadReport) => number) => replies.reduce((total, r) => total + pick(r), 0);
    return {
      heartbeatsSent: sum((r) => r.heartbeatsSent),
      heartbeatsAcked: sum((r) => r.heartbeatsAcked),
      heartbeatErrors: sum((r) => r.heartbeatErrors),
      disconnects: sum((r) => r.disconnects),
      commandsReceived: replies.flatMap((r) => r.commandsReceived),
      resultsAcked: replies.flatMap((r) => r.resultsAcked),
      linesStored: sum((r) => r.linesStored),
      outputErrors: sum((r) => r.outputErrors),
      errors: replies.reduce((all, r) => mergeCounts(all, r.errors), {} as Record<string, number>),
    };
  }

  async close(): Promise<void> {
    await Promise.all(
      this.processes.map(async (p) => {
        p.closing = true;
        const timer = setTimeout(() => p.child.kill("SIGKILL"), 5_000);
        await p.request({ kind: "close" }).catch(() => undefined);
        await p.exited;
        clearTimeout(timer);
      }),
    );
  }
}
