import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * The open-files limit a bench of N agents needs: the server holds a socket per agent, each load
 * process a share of them, plus their files, the browser's sockets and Chromium.
 */
export function openFilesNeeded(agents: number): number {
  return agents + 1024;
}

/** The soft and hard open-files limits of this process (Infinity when unlimited). */
export function openFilesLimits(limits = readFileSync("/proc/self/limits", "utf8")): { soft: number; hard: number } {
  const match = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(limits);
  const value = (text: string | undefined) => (text === undefined || text === "unlimited" ? Number.POSITIVE_INFINITY : Number(text));
  return { soft: value(match?.[1]), hard: value(match?.[2]) };
}

/** What to tell someone whose limit could not be raised: the exact commands. */
export function openFilesAdvice(agents: number, soft: number): string {
  const needed = openFilesNeeded(agents);
  return (
    `the open-files limit is ${soft}, but ${agents} agents need ${needed} (a socket each in the server and the load processes) ` +
    `and it could not be raised: run \`ulimit -n ${needed}\` in the shell before npm run bench; where the hard limit is lower, ` +
    `raise it first as root (\`ulimit -Hn ${needed}\`, or \`* hard nofile ${needed}\` in /etc/security/limits.conf and log in again)`
  );
}

export type OpenFilesPlan = { kind: "enough"; limit: number } | { kind: "rerun"; limit: number } | { kind: "refuse"; message: string };

/**
 * Node raises its soft limit to the hard one when it starts, but cannot raise the hard limit; so a
 * bench whose limit is too low runs itself again under `ulimit -n`, which a shell can do with the
 * privilege to (root with CAP_SYS_RESOURCE); `canRaise` tries that first.
 * `rerun` already set means this is the run again: it does not try twice.
 */
export function planOpenFiles(agents: number, soft: number, rerun: boolean, canRaise: (to: number) => boolean): OpenFilesPlan {
  const needed = openFilesNeeded(agents);
  if (soft >= needed) return { kind: "enough", limit: soft };
  if (!rerun && canRaise(needed)) return { kind: "rerun", limit: needed };
  return { kind: "refuse", message: openFilesAdvice(agents, soft) };
}

/** Whether a shell may set the open-files limit to `to` (raising the hard limit too where needed). */
export function shellCanRaise(to: number): boolean {
  return spawnSync("/bin/sh", ["-c", `ulimit -n ${to}`], { stdio: "ignore" }).status === 0;
}

/** Runs this same command again under a shell's `ulimit -n`; resolves with its exit code. */
export function rerunWithOpenFiles(limit: number, marker: string): number {
  const child = spawnSync(
    "/bin/sh",
    ["-c", `ulimit -n ${limit} && exec "$@"`, "sh", process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: "inherit", env: { ...process.env, [marker]: String(limit) } },
  );
  return child.status ?? 1;
}

/**
 * Every agent's connection to the server takes a local port of the loopback address: a fleet
 * larger than the kernel's ephemeral port range cannot connect. Null when the range is wide enough
 * (or unknown), else what to run.
 */
export function localPortsAdvice(agents: number, range = readPortRange()): string | null {
  if (!range) return null;
  const [low, high] = range;
  const needed = openFilesNeeded(agents);
  if (high - low + 1 >= needed) return null;
  return (
    `the ephemeral port range (${low}–${high}) has ${high - low + 1} ports, but ${agents} agents connect from one address: ` +
    `widen it as root with \`sysctl -w net.ipv4.ip_local_port_range="${Math.max(1024, 65535 - needed - 1000)} 65535"\``
  );
}

function readPortRange(): [number, number] | null {
  try {
    const [low, high] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    return low !== undefined && high !== undefined && Number.isFinite(low) && Number.isFinite(high) ? [low, high] : null;
  } catch {
    return null;
  }
}
