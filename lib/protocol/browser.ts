import { z } from "zod";
import { COMMAND_TYPES, type CommandState, type CommandType } from "./constants";
import type { MessageSchemas } from "./events";
import type { DeviceType, Location, Platform, RepoUrlSource } from "./fields";
import { checkRunTests, hostNameSchema, runTestsSchema } from "./fields";
import type { PreviewSummary } from "./preview";

export { BROWSER_NAMESPACE } from "./constants";

/** A host as the fleet page shows it. Times are Unix milliseconds. */
export interface HostView {
  name: string;
  platform: Platform;
  osVersion: string;
  nixpkgsVersion: string;
  agentVersion: string;
  location: Location;
  deviceType: DeviceType;
  themeColor: string;
  repoUrl: string;
  /** Where the agent took `repoUrl` from; null when it did not say (older agents, or not yet registered). */
  repoUrlSource: RepoUrlSource | null;
  online: boolean;
  lastSeenAt: number;
  headCommit: string | null;
  lockHash: string | null;
  lockModifiedAt: number | null;
  currentSystem: string | null;
  desiredSystem: string | null;
  uptimeSeconds: number;
  desiredSystemEvaluating: boolean;
  desiredSystemError: string | null;
  /** The command the agent reports running (it outlives dashboard restarts), or null. */
  runningCommand: { id: string; type: CommandType } | null;
  /** The host's latest command as the dashboard knows it (running, awaiting the agent, or done). */
  lastCommand: CommandSummary | null;
  /** The host's latest finished test run, and the system it ran on. */
  lastTest: TestRunSummary | null;
  /** The host's latest successful preview (what a switch to its `desiredSystem` would change). */
  lastPreview: PreviewSummary | null;
  /**
   * Set while the host's latest switch (switch, pull-switch or rollback) that ended was rolled back:
   * from which generation, why, and when. The next one that succeeds clears it.
   */
  rolledBack: RolledBack | null;
  /**
   * How far the agent's clock is ahead of the dashboard's (negative: behind), estimated from its last
   * command's start; null until one started. The dashboard stores its own times, never the agent's.
   */
  clockSkewMs: number | null;
  /** G, L, S, T (and A when the agent is outdated), computed by the dashboard. */
  indicators: Indicator[];
  /** The tags the agent was given (`--tags`), for selecting hosts; empty for older agents. */
  tags: string[];
}

export interface RolledBack {
  fromGeneration: number | null;
  toGeneration: number | null;
  reason: string;
  /** Unix milliseconds, by the dashboard's clock. */
  at: number | null;
}

export interface TestRunSummary {
  commandId: string;
  state: "passed" | "failed";
  /** Names of the failed T*.sh scripts. */
  failed: string[];
  system: string | null;
  finishedAt: number;
}

export type IndicatorLetter = "G" | "L" | "S" | "T" | "A";
export type IndicatorColor = "green" | "yellow" | "red" | "blue" | "grey";

export interface Indicator {
  letter: IndicatorLetter;
  color: IndicatorColor;
  /** The state in a few words ("behind fleet target"). */
  label: string;
  /** The accessible name: letter, colon, state and detail ("G: behind fleet target (abc1234 → def5678)"). */
  description: string;
}

/** The commit the fleet should be on, from NIXFLEET_VERSION_URL's version.json. */
export interface FleetTarget {
  repo: string;
  gitCommit: string;
  message: string;
  branch: string;
  /** Unix milliseconds of the target commit's publication. */
  timestamp: number;
  lockHash: string | null;
}

export interface FleetTargetState {
  configured: boolean;
  target: FleetTarget | null;
  /** Unix milliseconds of the last successful fetch. */
  fetchedAt: number | null;
  /** Set when the last fetch failed: the target shown is the last good one. */
  staleReason: string | null;
  /** The agent version the fleet should run (the dashboard's own). */
  agentVersion: string;
}

export interface CommandSummary {
  id: string;
  type: CommandType;
  state: CommandState;
  requestedBy: string;
  createdAt: number;
  finishedAt: number | null;
  exitCode: number | null;
  durationMs: number | null;
  reason: string | null;
  /** When the agent confirmed the switch over a new connection (confirm-or-revert); null: not (yet). */
  confirmedAt: number | null;
  /** Set for `rolled-back`: which generation was left for which, and why. */
  rollback: { fromGeneration: number | null; toGeneration: number; reason: string } | null;
}

export interface HostPatch {
  name: string;
  changes: Partial<Omit<HostView, "name">>;
}

/**
 * The whole fleet, in name order, sent on every connect in parts: the first few hundred hosts
 * alone, so a large fleet's first rows show before the rest has arrived.
 */
export interface SnapshotPart {
  hosts: HostView[];
  /** This part starts a new snapshot. */
  first: boolean;
  /** The snapshot is complete with this part. */
  last: boolean;
}

/** Whether the store took the dashboard's last probe write, and if not, why not. */
export type StoreCondition = "ok" | "full" | "read-only" | "unavailable";

/** What the dashboard itself lacks; the fleet page shows a banner while anything is wrong. */
export interface DashboardHealth {
  store: StoreCondition;
  /** This replica does not hear its peers (its PostgreSQL listener went deaf and is being recreated). */
  peersUnheard: boolean;
}

export interface ServerToBrowserEvents {
  "fleet:snapshot": (part: SnapshotPart) => void;
  /** Changes since the last snapshot or patch, coalesced over a short window. */
  "fleet:patches": (patches: HostPatch[]) => void;
  "host:removed": (name: string) => void;
  /** To browsers watching the command: new lines (possibly repeating ones already sent; dedupe by seq). */
  "command:output": (message: { commandId: string; lines: OutputLine[] }) => void;
  "command:changed": (command: WatchedCommand) => void;
  "fleet:target": (state: FleetTargetState) => void;
  /** Sent on connect and whenever it changes. */
  "dashboard:health": (health: DashboardHealth) => void;
  /** A bulk run's state, sent when it changes (at most a few times a second). */
  "bulk:progress": (run: BulkRunView) => void;
}

/**
 * `generation`: only for `rollback`, the generation to return to (default: the previous one).
 * `runTests`: only for `switch` and `pull-switch`, the health gate (absent: on; fields.ts).
 */
export const commandRequestFields = z.object({
  host: hostNameSchema,
  type: z.enum(COMMAND_TYPES),
  generation: z.number().int().min(1).max(2_147_483_647).optional(),
  runTests: runTestsSchema,
});
export const commandRequestSchema = commandRequestFields.superRefine(checkRunTests);
export type CommandRequestMessage = z.infer<typeof commandRequestSchema>;
export const MAX_BULK_HOSTS = 20_000;
export const bulkRequestSchema = z
  .object({
    hosts: z.array(hostNameSchema).min(1).max(MAX_BULK_HOSTS),
    type: z.enum(COMMAND_TYPES),
    runTests: runTestsSchema,
  })
  .superRefine(checkRunTests);
export type BulkRequestMessage = z.infer<typeof bulkRequestSchema>;

export interface BulkHostState {
  name: string;
  /** "skipped" when the host could not take the command (offline, busy); `reason` says why. */
  state: CommandState | "skipped";
  reason: string | null;
  commandId: string | null;
}

export interface BulkRunView {
  id: string;
  type: CommandType;
  requestedBy: string;
  startedAt: number;
  /** Set when every host's command has ended. */
  finishedAt: number | null;
  hosts: BulkHostState[];
  counts: { running: number; succeeded: number; failed: number; skipped: number };
}

export const commandStopRequestSchema = z.object({ host: hostNameSchema });
export const commandWatchSchema = z.object({ commandId: z.uuid() });

export type BrowserReply<T = object> = ({ ok: true } & T) | { ok: false; error: string };

export interface OutputLine {
  seq: number;
  stream: "stdout" | "stderr" | "system";
  line: string;
}

export interface WatchedCommand extends CommandSummary {
  hostName: string;
}

/** A watched command and the last lines stored so far (`truncated` when there are earlier ones). */
export interface CommandBacklog {
  command: WatchedCommand;
  lines: OutputLine[];
  truncated: boolean;
}

export interface BrowserToServerEvents {
  "command:request": (request: CommandRequestMessage, ack: (reply: BrowserReply<{ command: CommandSummary }>) => void) => void;
  "command:stop": (request: { host: string }, ack: (reply: BrowserReply) => void) => void;
  /**
   * Starts streaming a command's output: the reply holds the last lines stored so far (`truncated`
   * when there are earlier ones), then `command:output` follows.
   */
  "command:watch": (
    request: { commandId: string },
    ack: (reply: BrowserReply<CommandBacklog>) => void,
  ) => void;
  "command:unwatch": (request: { commandId: string }) => void;
  /** Runs one command on many hosts; progress follows as `bulk:progress` to every browser. */
  "bulk:request": (request: BulkRequestMessage, ack: (reply: BrowserReply<{ run: BulkRunView }>) => void) => void;
  /** Fetches version.json now; the reply (and a `fleet:target` to everyone, if it changed) carries the result. */
  "target:refresh": (request: Record<string, never>, ack: (reply: BrowserReply<{ state: FleetTargetState }>) => void) => void;
}

export const emptyRequestSchema = z.object({}).strict();

/** What a browser may send, keyed by event: the dashboard's only list of the events it takes from browsers. */
export const browserMessageSchemas = {
  "command:request": commandRequestSchema,
  "command:stop": commandStopRequestSchema,
  "command:watch": commandWatchSchema,
  "command:unwatch": commandWatchSchema,
  "bulk:request": bulkRequestSchema,
  "target:refresh": emptyRequestSchema,
} as const satisfies MessageSchemas<BrowserToServerEvents>;
