import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { LineSplitter } from "./lines";

export type OutputStream = "stdout" | "stderr";

export interface ExitStatus {
  /** null when the process was ended by a signal (or never started). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be started at all (e.g. not found on PATH). */
  spawnError: string | null;
}

export interface GroupProcess {
  /** Also the process group id; null when the program could not be started. */
  readonly pid: number | null;
  readonly exited: Promise<ExitStatus>;
}

export interface SpawnGroupOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  onLine: (stream: OutputStream, line: string) => void;
}

/** How long to wait for a finished process's pipes to drain before giving up on them. */
const PIPE_DRAIN_MS = 2_000;

/**
 * True while any process of the group led by `pgid` is alive. kill(-pgid, 0) also succeeds for
 * zombies, which linger where PID 1 is slow to reap orphans (containers); ps tells them apart.
 */
export function isGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    // EPERM: the group exists but belongs to someone else; it is still alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const table = execFileSync("ps", ["-A", "-o", "pgid=,stat="], { encoding: "utf8", timeout: 5_000 });
    return table.split("\n").some((row) => {
      const [group, stat] = row.trim().split(/\s+/);
      return Number(group) === pgid && stat !== undefined && !stat.startsWith("Z");
    });
  } catch {
    return true;
  }
}

/**
 * Sends a signal to a whole process group. The guard keeps the agent from ever signalling its own
 * group (a pgid of 0 or 1, or the agent's pid, would reach the agent or everything).
 */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1 || pgid === process.pid) {
    throw new Error(`refusing to signal process group ${pgid}`);
  }
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends a process group: SIGTERM, then SIGKILL if anything of it is still alive after the grace
 * period. Resolves once the group is gone (or could not be checked any more).
 */
export async function terminateGroup(pgid: number, graceMs: number, pollMs = 50): Promise<void> {
  if (!signalGroup(pgid, "SIGTERM")) return;
  const deadline = Date.now() + graceMs;
  while (isGroupAlive(pgid) && Date.now() < deadline) await sleep(pollMs);
  if (isGroupAlive(pgid)) signalGroup(pgid, "SIGKILL");
  const killDeadline = Date.now() + 5_000;
  while (isGroupAlive(pgid) && Date.now() < killDeadline) await sleep(pollMs);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Starts a program in its own process group (and session: `detached`), so that stopping it can end
 * everything it started and nothing else. Its output arrives line by line.
 */
export function spawnInGroup(command: string, args: readonly string[], options: SpawnGroupOptions): GroupProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const splitters = {
    stdout: new LineSplitter((line) => options.onLine("stdout", line)),
    stderr: new LineSplitter((line) => options.onLine("stderr", line)),
  };
  child.stdout.on("data", (chunk: Buffer) => splitters.stdout.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => splitters.stderr.push(chunk));

  const exited = new Promise<ExitStatus>((resolve) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      // Node reports a missing working directory as ENOENT too.
      const reason =
        error.code !== "ENOENT"
          ? `${command}: ${error.message}`
          : options.cwd !== undefined && !existsSync(options.cwd)
            ? `${command}: working directory ${options.cwd} does not exist`
            : `${command}: not found on PATH`;
      resolve({ exitCode: null, signal: null, spawnError: reason });
    });
    child.once("exit", (exitCode, signal) => {
      // A leftover grandchild may hold the pipes open; read what is there, then stop waiting.
      const drained = Promise.all([once(child.stdout, "close"), once(child.stderr, "close")]);
      void Promise.race([drained, sleep(PIPE_DRAIN_MS)]).then(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        splitters.stdout.end();
        splitters.stderr.end();
        resolve({ exitCode, signal, spawnError: null });
      });
    });
  });
  return { pid: child.pid ?? null, exited };
}

function once(stream: NodeJS.ReadableStream, event: string): Promise<void> {
  return new Promise((resolve) => {
    if ((stream as { closed?: boolean }).closed) resolve();
    else stream.once(event, () => resolve());
  });
}
