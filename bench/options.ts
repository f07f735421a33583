import { parseArgs } from "node:util";

export const PHASES = ["baseline", "storm", "steady", "page", "bulk", "rollout", "output", "footprint"] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchOptions {
  agents: number;
  /** Seconds of steady state measured at the real 30 s heartbeat interval. */
  durationSeconds: number;
  jsonFile: string;
  /** Seconds the streaming hosts print output. */
  outputSeconds: number;
  streamHosts: number;
  linesPerSecond: number;
  /** Seconds the fleet page is watched for long tasks under `pageHeartbeatsPerSecond`. */
  pageSeconds: number;
  pageHeartbeatsPerSecond: number;
  /** Processes that share the simulated agents. */
  loadProcesses: number;
  skip: ReadonlySet<Phase>;
  /** When set, the dashboard runs with `node --cpu-prof` and writes its profile here. */
  profileDir: string | null;
  /** Heartbeat interval of the steady state, in seconds (the agent's default is 30). */
  intervalSeconds: number;
  /** Handshakes (connect + register) in flight at once during the storm, over all load processes. */
  connectConcurrency: number;
}

export type OptionsOutcome = { kind: "run"; options: BenchOptions } | { kind: "help" } | { kind: "invalid"; errors: string[] };

export const HELP = `npm run bench -- [options]

Starts the dashboard as \`npm start\` does (production build, SQLite in a fresh temp dir), connects N
simulated agents from separate load processes, and prints one table (JSON in --json). A bare
Socket.IO server carrying the same agent traffic runs first, as the floor every figure is compared with.

  --agents N              simulated agents (default 1000; 10000 is the issue's target)
  --duration S            seconds of steady state at the 30 s heartbeat interval (default 30)
  --json FILE             where the JSON goes (default bench/results/latest.json)
  --output-duration S     seconds the streaming hosts print output (default 10)
  --stream-hosts H        hosts printing output (default 100)
  --lines-per-second L    lines each streaming host prints per second (default 1000)
  --page-duration S       seconds the fleet page is watched for long tasks (default 15)
  --page-rate R           heartbeats per second while the page is watched (default 300)
  --load-processes P      load generator processes (default: one per 2,500 agents, at least 2)
  --connect-concurrency C handshakes in flight at once in the storm (default 500; agents whose
                          register is not answered in 30 s retry, as the real agent does)
  --skip LIST             comma-separated phases to leave out: ${PHASES.join(", ")}
  --profile DIR           run the dashboard with node --cpu-prof and profile the fleet page's main
                          thread; the .cpuprofile files go to DIR (see bench/profile-summary.ts)
  --interval S            heartbeat interval of the steady state (default 30, the agent's default)
  -h, --help              this help
`;

function integer(text: string | undefined, name: string, fallback: number, min: number, max: number, errors: string[]): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    errors.push(`${name}: expected a whole number from ${min} to ${max}, got "${text}"`);
    return fallback;
  }
  return Number(text);
}

export function parseBenchOptions(argv: readonly string[]): OptionsOutcome {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        agents: { type: "string" },
        duration: { type: "string" },
        json: { type: "string" },
        "output-duration": { type: "string" },
        "stream-hosts": { type: "string" },
        "lines-per-second": { type: "string" },
        "page-duration": { type: "string" },
        "page-rate": { type: "string" },
        "load-processes": { type: "string" },
        skip: { type: "string" },
        profile: { type: "string" },
        interval: { type: "string" },
        "connect-concurrency": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    return { kind: "invalid", errors: [error instanceof Error ? error.message : String(error)] };
  }
  if (values.help) return { kind: "help" };
  const errors: string[] = [];
  const agents = integer(values.agents, "--agents", 1000, 1, 50_000, errors);
  const skip = new Set<Phase>();
  for (const name of (values.skip ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const phase = PHASES.find((p) => p === name);
    if (phase) skip.add(phase);
    else errors.push(`--skip: unknown phase "${name}" (phases: ${PHASES.join(", ")})`);
  }
  const options: BenchOptions = {
    agents,
    durationSeconds: integer(values.duration, "--duration", 30, 1, 3600, errors),
    jsonFile: values.json ?? "bench/results/latest.json",
    outputSeconds: integer(values["output-duration"], "--output-duration", 10, 1, 600, errors),
    streamHosts: Math.min(agents, integer(values["stream-hosts"], "--stream-hosts", 100, 1, 10_000, errors)),
    linesPerSecond: integer(values["lines-per-second"], "--lines-per-second", 1000, 1, 100_000, errors),
    pageSeconds: integer(values["page-duration"], "--page-duration", 15, 1, 600, errors),
    pageHeartbeatsPerSecond: integer(values["page-rate"], "--page-rate", 300, 1, 100_000, errors),
    loadProcesses: integer(values["load-processes"], "--load-processes", Math.max(2, Math.ceil(agents / 2500)), 1, 64, errors),
    skip,
    profileDir: values.profile ?? null,
    intervalSeconds: integer(values.interval, "--interval", 30, 1, 3600, errors),
    connectConcurrency: integer(values["connect-concurrency"], "--connect-concurrency", 500, 1, 50_000, errors),
  };
  return errors.length > 0 ? { kind: "invalid", errors } : { kind: "run", options };
}
