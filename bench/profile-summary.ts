/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`, e.g. `npm run bench -- --profile DIR`):
 * self time by function, optionally for a window of the run, to find where the dashboard's CPU goes.
 * Run: node_modules/.bin/tsx bench/profile-summary.ts FILE [--from S] [--to S] [--top N] [--by function|file|owner]
 * (`owner`: time charged to the deepest frame of the dashboard's own code, i.e. who asked for the work.)
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, "").replace(/^.*\/node_modules\//, "~/").replace(/^.*\/(dist|lib|bench)\//, "$1/");
}

/** Self time per function (or per file) between `fromMs` and `toMs` after the profile started. */
export function selfTimes(
  profile: CpuProfile,
  options: { fromMs?: number; toMs?: number; by?: "function" | "file" | "owner"; owner?: RegExp } = {},
): { total: number; rows: SelfTime[] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const owner = options.owner ?? /dist\/server\.mjs|\/lib\//;
  /** The deepest frame of the sample that is the application's own code: who asked for this work. */
  const ownerOf = (id: number): ProfileNode | undefined => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node && owner.test(node.callFrame.url)) return node;
    }
    return byId.get(id);
  };
  const times = new Map<string, number>();
  let at = 0;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = (profile.timeDeltas[i] ?? 0) / 1000;
    at += delta;
    if (at < (options.fromMs ?? 0) || at > (options.toMs ?? Number.POSITIVE_INFINITY)) return;
    const frame = (options.by === "owner" ? ownerOf(id) : byId.get(id))?.callFrame;
    if (!frame) return;
    const key =
      options.by === "file"
        ? shortUrl(frame.url) || frame.functionName
        : `${frame.functionName || "(anonymous)"} ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
    times.set(key, (times.get(key) ?? 0) + delta);
    total += delta;
  });
  const rows = [...times].map(([name, ms]) => ({ name, ms, share: total > 0 ? ms / total : 0 })).sort((a, b) => b.ms - a.ms);
  return { total, rows };
}

/** The stacks (innermost first, `depth` frames) that lead to samples of `functionName`, by time. */
export function callers(profile: CpuProfile, functionName: string, depth: number, window: { fromMs?: number; toMs?: number } = {}): SelfTime[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const times = new Map<string, number>();
  let total = 0;
  let at = 0;
  profile.samples.forEach((id, i) => {
    const delta = (profile.timeDeltas[i] ?? 0) / 1000;
    at += delta;
    if (at < (window.fromMs ?? 0) || at > (window.toMs ?? Number.POSITIVE_INFINITY)) return;
    if (byId.get(id)?.callFrame.functionName !== functionName) return;
    const frames: string[] = [];
    for (let up = parent.get(id); up !== undefined && frames.length < depth; up = parent.get(up)) {
      const frame = byId.get(up)?.callFrame;
      if (frame) frames.push(`${frame.functionName || "(anonymous)"}@${shortUrl(frame.url)}:${frame.lineNumber + 1}`);
    }
    const key = frames.join(" < ");
    times.set(key, (times.get(key) ?? 0) + delta);
    total += delta;
  });
  return [...times].map(([name, ms]) => ({ name, ms, share: total > 0 ? ms / total : 0 })).sort((a, b) => b.ms - a.ms);
}

/**
 * Stretches of the profile where the main thread ran without going idle, longer than `minMs`: the
 * event loop was blocked (timers, pings and acks waited) for that long. Each with where it started
 * and the functions that took most of it.
 */
export function busyStretches(profile: CpuProfile, minMs: number): { fromMs: number; ms: number; top: string }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const stretches: { fromMs: number; ms: number; top: string }[] = [];
  let at = 0;
  let start = -1;
  let selfTimes = new Map<string, number>();
  const close = () => {
    if (start >= 0 && at - start >= minMs) {
      const top = [...selfTimes].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(", ");
      stretches.push({ fromMs: start, ms: at - start, top });
    }
    start = -1;
    selfTimes = new Map();
  };
  profile.samples.forEach((id, i) => {
    const delta = (profile.timeDeltas[i] ?? 0) / 1000;
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === "(idle)") {
      close();
    } else {
      if (start < 0) start = at;
      const name = `${frame.functionName || "(anonymous)"}@${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
      selfTimes.set(name, (selfTimes.get(name) ?? 0) + delta);
    }
    at += delta;
  });
  close();
  return stretches;
}

/** Busy share (not idle) of the main thread per bucket of `bucketMs`, to find the phases in a long profile. */
export function timeline(profile: CpuProfile, bucketMs: number): { fromMs: number; busy: number }[] {
  const idle = new Set(profile.nodes.filter((node) => node.callFrame.functionName === "(idle)").map((node) => node.id));
  const buckets: { total: number; busy: number }[] = [];
  let at = 0;
  profile.samples.forEach((id, i) => {
    const delta = (profile.timeDeltas[i] ?? 0) / 1000;
    at += delta;
    const bucket = (buckets[Math.floor(at / bucketMs)] ??= { total: 0, busy: 0 });
    bucket.total += delta;
    if (!idle.has(id)) bucket.busy += delta;
  });
  return Array.from(buckets, (bucket, index) => ({ fromMs: index * bucketMs, busy: bucket && bucket.total > 0 ? bucket.busy / bucket.total : 0 }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { from: { type: "string" }, to: { type: "string" }, top: { type: "string" }, by: { type: "string" }, timeline: { type: "string" }, callers: { type: "string" }, depth: { type: "string" }, stretches: { type: "string" } },
  });
  const file = positionals[0];
  if (!file) {
    process.stderr.write("usage: tsx bench/profile-summary.ts FILE.cpuprofile [--from S] [--to S] [--top N] [--by function|file|owner] [--timeline S] [--callers NAME [--depth D]] [--stretches MS]\n");
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  if (values.timeline) {
    for (const { fromMs, busy } of timeline(profile, Number(values.timeline) * 1000)) {
      console.log(`${(fromMs / 1000).toFixed(0).padStart(6)} s  ${"#".repeat(Math.round(busy * 50)).padEnd(50)} ${(busy * 100).toFixed(0)} %`);
    }
    process.exit(0);
  }
  if (values.stretches) {
    for (const stretch of busyStretches(profile, Number(values.stretches))) {
      console.log(`at ${(stretch.fromMs / 1000).toFixed(1).padStart(7)} s busy ${stretch.ms.toFixed(0).padStart(7)} ms  ${stretch.top}`);
    }
    process.exit(0);
  }
  if (values.callers) {
    const window = { fromMs: values.from ? Number(values.from) * 1000 : undefined, toMs: values.to ? Number(values.to) * 1000 : undefined };
    for (const row of callers(profile, values.callers, Number(values.depth ?? 6), window).slice(0, Number(values.top ?? 15))) {
      console.log(`${row.ms.toFixed(0).padStart(8)} ms ${(row.share * 100).toFixed(1).padStart(5)} %  ${row.name}`);
    }
    process.exit(0);
  }
  const { total, rows } = selfTimes(profile, {
    fromMs: values.from ? Number(values.from) * 1000 : undefined,
    toMs: values.to ? Number(values.to) * 1000 : undefined,
    by: values.by === "file" || values.by === "owner" ? values.by : "function",
  });
  console.log(`profile: ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s, window sampled ${(total / 1000).toFixed(1)} s`);
  for (const row of rows.slice(0, Number(values.top ?? 40))) {
    console.log(`${row.ms.toFixed(0).padStart(8)} ms ${(row.share * 100).toFixed(1).padStart(5)} %  ${row.name}`);
  }
}
