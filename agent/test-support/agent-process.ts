import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { waitFor } from "./fake-dashboard";

const repoRoot = path.resolve(import.meta.dirname, "..", "..");

/** The real agent, started the way `npm run agent` does, with its log lines collected. */
export interface AgentProcess {
  child: ChildProcess;
  log: string[];
  exited: Promise<number | null>;
  /** Waits for a log line matching `pattern`. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startAgent(
  args: string[],
  env: Record<string, string> = {},
  // node with tsx's loader rather than the tsx launcher: the pid is then the agent's own, so a
  // SIGKILL in a test reaches the agent and not a wrapper.
  command: string[] = [process.execPath, "--import", "tsx", path.join(repoRoot, "agent", "main.ts")],
): AgentProcess {
  const [program, ...programArgs] = command as [string, ...string[]];
  const child = spawn(program, [...programArgs, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  let partial = "";
  const collect = (chunk: Buffer) => {
    const lines = (partial + chunk.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    log.push(...lines);
    if (process.env.NIXFLEET_TEST_AGENT_LOG) for (const line of lines) process.stderr.write(`[agent ${child.pid}] ${line}\n`);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    log,
    exited,
    waitForLog: (pattern, timeoutMs = 30_000) => waitFor(() => log.some((line) => pattern.test(line)), `agent log ${pattern}`, timeoutMs),
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
