import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** CPU and memory of a process and its descendants, read from /proc (Linux). */

let clockTicks: number | null = null;
export function clockTicksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  /** cutime + cstime: CPU of children that were waited for (git calls of an agent, say). */
  childCpuTicks: number;
}

/** Parses /proc/<pid>/stat; the command name may hold spaces and parentheses, so split after the last ')'. */
export function parseProcStat(text: string): ProcStat {
  const pid = Number(text.slice(0, text.indexOf(" ")));
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state) of proc(5).
  const field = (n: number) => Number(fields[n - 3]);
  return { pid, ppid: field(4), cpuTicks: field(14) + field(15), childCpuTicks: field(16) + field(17) };
}

export function readProcStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return null;
  }
}

export function readRssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The pid and every live descendant of it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(stat.pid);
    children.set(stat.ppid, list);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

export interface TreeSample {
  at: number;
  cpuSeconds: number;
  rssBytes: number;
}

export function sampleTree(root: number): TreeSample {
  let ticks = 0;
  let rss = 0;
  for (const pid of processTree(root)) {
    ticks += readProcStat(pid)?.cpuTicks ?? 0;
    rss += readRssBytes(pid);
  }
  return { at: Date.now(), cpuSeconds: ticks / clockTicksPerSecond(), rssBytes: rss };
}

/** Samples a process tree every second, keeping the peak RSS. */
export class TreeMonitor {
  private timer: NodeJS.Timeout;
  peakRssBytes = 0;
  last: TreeSample;

  constructor(private readonly pid: number) {
    this.last = sampleTree(pid);
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref();
  }

  sample(): TreeSample {
    this.last = sampleTree(this.pid);
    this.peakRssBytes = Math.max(this.peakRssBytes, this.last.rssBytes);
    return this.last;
  }

  resetPeak(): void {
    this.peakRssBytes = this.sample().rssBytes;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** CPU used between two samples, as a percentage of one core. */
export function cpuPercent(from: TreeSample, to: TreeSample): number {
  const wall = (to.at - from.at) / 1000;
  return wall > 0 ? ((to.cpuSeconds - from.cpuSeconds) / wall) * 100 : Number.NaN;
}

export function loadAverage(): number[] {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);
  } catch {
    return [];
  }
}
