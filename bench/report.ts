import { AGENT_FOOTPRINT_TARGETS, type AgentFootprint } from "./agent-footprint";
import type { BenchResult, TargetRun } from "./results";

/** Turns a run's results into the one table the benchmark prints, with ratios and targets (issue 18's: twice the floor). */

export interface Row {
  measure: string;
  dashboard: string;
  floor: string;
  ratio: string;
  target: string;
  /** "met", "MISSED", or "" for figures without a target. */
  status: "met" | "MISSED" | "";
}

export const MB = 1024 * 1024;
const GB = 1024 * MB;

export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  if (!Number.isFinite(value)) return "∞";
  const abs = Math.abs(value);
  const fixed = abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(Math.min(digits, 1)) : value.toFixed(digits);
  return abs >= 10_000 ? Number(fixed).toLocaleString("en-US") : fixed;
}

export function ratio(value: number | null | undefined, floor: number | null | undefined): string {
  if (value === null || value === undefined || floor === null || floor === undefined) return "–";
  if (Number.isNaN(value) || Number.isNaN(floor)) return "–";
  if (floor === 0) return value === 0 ? "1.0×" : "–";
  return `${formatNumber(value / floor, value / floor >= 10 ? 0 : 1)}×`;
}

/** Within twice the floor; a run without a floor (`--skip baseline`) is judged by its absolute targets only. */
const withinFloor = (ratioToFloor: number | null) => ratioToFloor === null || ratioToFloor <= 2;

function check(ok: boolean | null): Row["status"] {
  return ok === null ? "" : ok ? "met" : "MISSED";
}

type Pick<T> = (run: TargetRun) => T | null | undefined;

/** A row whose figure exists for both the dashboard and the floor. */
function compared(
  result: BenchResult,
  measure: string,
  pick: Pick<number>,
  options: { digits?: number; target?: string; ok?: (value: number, ratio: number | null) => boolean } = {},
): Row {
  const value = result.dashboard ? pick(result.dashboard) : null;
  const floor = result.baseline ? pick(result.baseline) : null;
  const r = value !== null && value !== undefined && floor ? value / floor : null;
  return {
    measure,
    dashboard: formatNumber(value, options.digits),
    floor: formatNumber(floor, options.digits),
    ratio: ratio(value, floor),
    target: options.target ?? "",
    status: options.ok && value !== null && value !== undefined && !Number.isNaN(value) ? check(options.ok(value, r)) : "",
  };
}

function single(measure: string, value: string, target = "", ok: boolean | null = null): Row {
  return { measure, dashboard: value, floor: "", ratio: "", target, status: check(target ? ok : null) };
}

export function buildRows(result: BenchResult): Row[] {
  const rows: Row[] = [];
  const d = result.dashboard;
  const n = d?.storm?.agents ?? result.baseline?.storm?.agents ?? 0;
  const stormErrors = (run: TargetRun) => (run.storm ? run.storm.errors + (run.storm.agents - run.storm.registered) : null);
  rows.push(
    compared(result, `connect storm: ${n.toLocaleString("en-US")} agents connected + registered (s)`, (r) => r.storm?.seconds, {
      target: "≤ 60 s, ≤ 2× floor, no errors",
      ok: (v, x) => v <= 60 && withinFloor(x) && (d ? stormErrors(d) === 0 : false),
    }),
    compared(result, "connect storm: errors (refused, retried, not registered)", stormErrors, { digits: 0, target: "0", ok: (v) => v === 0 }),
    compared(result, "connect storm: register ack p50 (s)", (r) => (r.storm ? r.storm.registerMs.p50 / 1000 : null)),
    compared(result, "connect storm: server CPU per agent (ms)", (r) => (r.storm && r.storm.registered > 0 ? (r.storm.cpuSeconds * 1000) / r.storm.registered : null), {
      target: "≤ 2× floor",
      ok: (_v, x) => withinFloor(x),
    }),
  );
  if (d?.storm?.browserOnlineSeconds !== undefined && d.storm.browserOnlineSeconds !== null) {
    rows.push(single("connect storm: every host online in a browser (s)", formatNumber(d.storm.browserOnlineSeconds)));
  }
  const interval = d?.steady?.intervalSeconds ?? result.baseline?.steady?.intervalSeconds ?? 30;
  rows.push(
    compared(result, `steady state: heartbeats/s (every agent each ${interval} s)`, (r) => r.steady?.heartbeatsPerSecond),
    compared(result, "steady state: server CPU (% of one core)", (r) => r.steady?.cpuPercent, {
      target: "≤ 2× floor",
      ok: (_v, x) => withinFloor(x),
    }),
    compared(result, "steady state: server CPU per heartbeat (µs)", (r) => r.steady?.cpuMicrosPerHeartbeat, { digits: 0 }),
    compared(result, "steady state: server RSS (MB)", (r) => (r.steady ? r.steady.rssBytes / MB : null), {
      digits: 0,
      target: "≤ 1.5 GB, ≤ 2× floor",
      ok: (v, x) => v * MB <= 1.5 * GB && withinFloor(x),
    }),
    compared(result, "peak RSS over the whole run (MB)", (r) => r.peakRssBytes / MB, {
      digits: 0,
      target: "≤ 1.5 GB",
      ok: (v) => v * MB <= 1.5 * GB,
    }),
    compared(result, "heartbeat → browser latency p50 (ms)", (r) => r.steady?.latencyMs.p50),
    compared(result, "heartbeat → browser latency p99 (ms)", (r) => r.steady?.latencyMs.p99, { target: "≤ 250 ms", ok: (v) => v <= 250 }),
    compared(result, "steady state: heartbeat errors + disconnects", (r) => (r.steady ? r.steady.heartbeatErrors + r.steady.disconnects : null), {
      digits: 0,
    }),
  );
  const bulkHosts = d?.bulk?.hosts ?? result.baseline?.bulk?.hosts ?? 0;
  const requests = d?.bulk?.requests ?? 1;
  const inRequests = requests > 1 ? ` in ${requests} requests (one was refused)` : "";
  rows.push(
    compared(result, `bulk pull to ${bulkHosts.toLocaleString("en-US")} hosts${inRequests}: command received p50 (s)`, (r) => (r.bulk ? r.bulk.receivedMs.p50 / 1000 : null), {
      digits: 2,
    }),
    compared(result, "bulk: command received p99 (s)", (r) => (r.bulk ? r.bulk.receivedMs.p99 / 1000 : null), {
      digits: 2,
      target: "≤ 5 s",
      ok: (v) => v <= 5,
    }),
    compared(result, "bulk: command received max (s)", (r) => (r.bulk ? r.bulk.receivedMs.max / 1000 : null), { digits: 2 }),
    compared(result, "bulk: agents that received it", (r) => r.bulk?.received, { digits: 0, ok: (v) => v === bulkHosts, target: "all" }),
    compared(result, "bulk: request answered, every command started (s)", (r) => (r.bulk ? r.bulk.replyMs / 1000 : null), { digits: 2 }),
    compared(result, "bulk: every result stored (s; agents report after 1 s)", (r) => (r.bulk?.allStoredMs ? r.bulk.allStoredMs / 1000 : null), {
      digits: 2,
      target: "≤ 2× floor",
      ok: (_v, x) => withinFloor(x),
    }),
  );
  if (d?.bulk?.singleRequestError) {
    rows.push(single(`bulk: one request for all ${bulkHosts.toLocaleString("en-US")} hosts`, `refused: ${d.bulk.singleRequestError.slice(0, 90)}`, "accepted", false));
  }
  if (d?.bulk?.counts) {
    const c = d.bulk.counts;
    rows.push(single("bulk: succeeded / failed / skipped", `${c.succeeded} / ${c.failed} / ${c.skipped}`, "all succeeded", c.succeeded === bulkHosts));
  }
  if (d?.rollout) {
    const r = d.rollout;
    rows.push(
      single(`rollout to ${r.hosts.toLocaleString("en-US")} hosts, ${r.waves} waves (canary + 10 %), ${r.status}: total (s)`, formatNumber(r.totalSeconds)),
      single("rollout: gate passed → next wave's commands received p99 (s)", formatNumber(r.gateToReceivedMs.p99 / 1000, 2), "≤ 2 s", r.gateToReceivedMs.p99 <= 2000),
      single("rollout: gate passed → commands received p50 / max (s)", `${formatNumber(r.gateToReceivedMs.p50 / 1000, 2)} / ${formatNumber(r.gateToReceivedMs.max / 1000, 2)}`),
      single("rollout: commands received / hosts", `${r.received.toLocaleString("en-US")} / ${r.hosts.toLocaleString("en-US")}`, "all", r.received === r.hosts),
    );
  }
  const out = d?.output ?? result.baseline?.output;
  const outLabel = out ? `${out.hosts} hosts × ${out.linesPerSecondEach.toLocaleString("en-US")} lines/s` : "";
  rows.push(
    compared(result, `output (${outLabel}): lines printed per second`, (r) => r.output?.printedPerSecond, { digits: 0 }),
    compared(result, "output: lines stored per second while printing", (r) => r.output?.storedPerSecond, { digits: 0 }),
  );
  rows.push(
    compared(result, "output: lines stored per second, printing + drain", (r) => (r.output ? r.output.linesStored / (r.output.printSeconds + r.output.drainSeconds) : null), {
      digits: 0,
    }),
    compared(result, "output: drain after printing stopped (s)", (r) => r.output?.drainSeconds, { digits: 1 }),
    compared(result, "output: watcher lag p50 (ms)", (r) => r.output?.watcherLagMs.p50, { digits: 0 }),
    compared(result, "output: watcher lag p99 (ms)", (r) => r.output?.watcherLagMs.p99, { digits: 0 }),
    compared(result, "output: server CPU while printing (% of one core)", (r) => r.output?.cpuPercent),
  );
  if (d?.output) {
    const o = d.output;
    const verified = o.verified;
    const lost = o.hostsShort + o.watcherMissing + (verified ? verified.missing + verified.misplaced : 0);
    const detail = `${lost} (acks short: ${o.hostsShort} hosts, watcher: ${o.watcherMissing}, downloads: ${
      verified ? `${verified.missing} missing + ${verified.misplaced} misplaced of ${verified.lines.toLocaleString("en-US")} in ${verified.commands}` : "–"
    })`;
    rows.push(
      single("output: lost lines", detail, "0", lost === 0),
      single("output: output messages not acknowledged in 30 s (sent again)", o.outputErrors.toLocaleString("en-US")),
    );
  }
  if (d?.page) {
    const p = d.page;
    rows.push(
      single(`fleet page: first rows, ${n.toLocaleString("en-US")} hosts (s)`, formatNumber(p.firstRowsMs / 1000, 2), "≤ 3 s", p.firstRowsMs <= 3000),
      single("fleet page: first rows by the page's own clock (s)", typeof p.firstRowsInPageMs === "number" ? formatNumber(p.firstRowsInPageMs / 1000, 2) : "–"),
      single("fleet page: rows in the page", p.rows.toLocaleString("en-US")),
      single("fleet page: longest task while loading (ms)", formatNumber(p.loadLongestTaskMs, 0)),
      single(
        `fleet page: longest task, ${p.watchedSeconds.toFixed(0)} s under the page rate (ms)`,
        formatNumber(p.longestTaskMs, 0),
        "≤ 100 ms",
        p.longestTaskMs <= 100,
      ),
      single("fleet page: tasks > 100 ms / > 50 ms", `${p.tasksOver100ms} / ${p.tasksOver50ms}`, "0 > 100 ms", p.tasksOver100ms === 0),
      single("fleet page: patch messages received in the window", String(p.patchMessages)),
    );
  }
  if (d?.footprint) {
    rows.push(...footprintRows(d.footprint));
  }
  return rows;
}

/** The real agent's figures against issue 18's targets (sizes in MiB, as the build prints them). */
export function footprintRows(f: AgentFootprint): Row[] {
  const targets = AGENT_FOOTPRINT_TARGETS;
  return [
    single(
      "agent: executable size (MiB)",
      f.executableBytes === null ? "not built" : formatNumber(f.executableBytes / MB, 1),
      `≤ ${targets.executableMib}`,
      f.executableBytes !== null && f.executableBytes / MB <= targets.executableMib,
    ),
    single(`agent: RSS connected, idle (MiB, ${f.ranFrom})`, formatNumber(f.rssBytes / MB, 1), `≤ ${targets.rssMib}`, f.rssBytes / MB <= targets.rssMib),
    single(
      "agent: CPU per heartbeat (ms, own / with its git calls)",
      `${formatNumber(f.cpuMsPerHeartbeat, 1)} / ${formatNumber(f.cpuMsPerHeartbeatWithChildren, 1)} (${f.heartbeats} beats)`,
      `≤ ${targets.cpuMsPerHeartbeatWithChildren} with git`,
      f.cpuMsPerHeartbeatWithChildren <= targets.cpuMsPerHeartbeatWithChildren,
    ),
  ];
}

export function formatTable(rows: readonly Row[]): string {
  const header: Row = { measure: "measure", dashboard: "NixFleet", floor: "bare floor", ratio: "× floor", target: "target", status: "" };
  const all = [header, ...rows];
  const keys = ["measure", "dashboard", "floor", "ratio", "target", "status"] as const;
  const widths = keys.map((key) => Math.max(...all.map((row) => [...row[key]].length)));
  const line = (row: Row) =>
    keys
      .map((key, i) => (key === "measure" || key === "target" || key === "status" ? row[key].padEnd(widths[i]!) : row[key].padStart(widths[i]!)))
      .join(" │ ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("─┼─");
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** The targets a run missed, one line each (empty when all were met). */
export function missedTargets(rows: readonly Row[]): string[] {
  return rows.filter((row) => row.status === "MISSED").map((row) => `${row.measure}: ${row.dashboard} (target ${row.target})`);
}
