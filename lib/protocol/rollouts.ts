import { z } from "zod";
import { hostNameSchema, tagSchema } from "./fields";

/**
 * Rollouts: one command staged over many hosts in waves with gates between them (SPEC 3.5). The
 * plan a browser, CI or the GitOps policy asks for, and the state the dashboard keeps and shows.
 */

/** A commit as version.json names it: a full or abbreviated SHA-1. */
export const targetCommitSchema = z.string().regex(/^[0-9a-f]{7,40}$/, "commit: 7 to 40 hex characters");

export const ROLLOUT_ACTIONS = ["pull-switch", "switch", "test"] as const;
export type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];

/** Which hosts a rollout covers: named ones, those carrying a tag, or the whole fleet. */
export const rolloutScopeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("hosts"), hosts: z.array(hostNameSchema).min(1).max(100_000) }),
  z.object({ kind: z.literal("tag"), tag: tagSchema }),
  z.object({ kind: z.literal("fleet") }),
]);
export type RolloutScope = z.infer<typeof rolloutScopeSchema>;

/** The waves after the canary: so many hosts each, or so many percent of the rollout's hosts each. */
export const waveSizeSchema = z.object({
  by: z.enum(["count", "percent"]),
  size: z.number().int().min(1).max(100_000),
}).refine((wave) => wave.by === "count" || wave.size <= 100, { message: "a wave of more than 100 %", path: ["size"] });

export const rolloutPlanSchema = z.object({
  action: z.enum(ROLLOUT_ACTIONS).default("pull-switch"),
  /** The commit the rollout brings the hosts to (the fleet target's when it started); shown, and kept for the record. */
  targetCommit: targetCommitSchema.nullable().default(null),
  /** The first wave: these hosts, or this many (picked in name order). */
  canary: z.union([z.object({ hosts: z.array(hostNameSchema).min(1).max(1000) }), z.object({ count: z.number().int().min(0).max(1000) })])
    .default({ count: 1 }),
  waves: waveSizeSchema.default({ by: "percent", size: 25 }),
  /** At most this many hosts of a wave run at once; null: the whole wave. */
  maxParallel: z.number().int().min(1).max(100_000).nullable().default(null),
  /** After a wave's gate passes, wait this long before the next wave. */
  soakSeconds: z.number().int().min(0).max(7 * 86_400).default(0),
  /** Run the host's tests after a successful switch; the host passes only when they pass. */
  runTests: z.boolean().default(false),
  /** The canary stops the rollout when more than this percentage of it failed (0: any failure). */
  canaryFailurePercent: z.number().min(0).max(100).default(0),
  /** A later wave stops the rollout when more than this percentage of it failed. */
  failurePercent: z.number().min(0).max(100).default(10),
  /** What happens to a host whose command failed: left as it is, or rolled back (when the agents can). */
  failedHosts: z.enum(["leave", "roll-back"]).default("roll-back"),
  /** Offline hosts are skipped, or waited for until `offlineWaitSeconds` after their wave started. */
  offlineHosts: z.enum(["skip", "wait"]).default("skip"),
  offlineWaitSeconds: z.number().int().min(1).max(7 * 86_400).default(600),
  /** An operator says "continue" between waves. */
  manualApproval: z.boolean().default(false),
});
export type RolloutPlan = z.infer<typeof rolloutPlanSchema>;
export type RolloutPlanInput = z.input<typeof rolloutPlanSchema>;

/** POST /api/rollouts. */
export const rolloutStartSchema = z.object({ scope: rolloutScopeSchema, plan: rolloutPlanSchema.default(rolloutPlanSchema.parse({})) });
export type RolloutStart = z.input<typeof rolloutStartSchema>;

export const rolloutParamsSchema = z.object({ id: z.uuid() });

/** What an operator can do to a rollout. */
export const ROLLOUT_CONTROLS = ["pause", "resume", "abort", "retry-failed", "approve"] as const;
export type RolloutControl = (typeof ROLLOUT_CONTROLS)[number];
export const rolloutControlSchema = z.object({ control: z.enum(ROLLOUT_CONTROLS) });

export const ROLLOUT_STATUSES = ["running", "soaking", "awaiting-approval", "paused", "succeeded", "stopped", "aborted"] as const;
export type RolloutStatus = (typeof ROLLOUT_STATUSES)[number];

/**
 * Where one host of a rollout is. `starting`: its command id is recorded, the command may not exist
 * yet (the id is written before the command is sent, so a restart never starts a host twice).
 */
export const HOST_STEPS = ["waiting", "starting", "running", "testing", "succeeded", "failed", "rolling-back", "rolled-back", "skipped"] as const;
export type HostStep = (typeof HOST_STEPS)[number];

const BUSY_STEPS: ReadonlySet<HostStep> = new Set(["starting", "running", "testing", "rolling-back"]);

/** A command of the rollout runs (or is about to) on the host: what an abort stops. */
export function isHostBusy(step: HostStep): boolean {
  return BUSY_STEPS.has(step);
}

export interface RolloutHost {
  name: string;
  wave: number;
  step: HostStep;
  /** The command the host runs or ran now (its action, its tests, or its rollback). */
  commandId: string | null;
  /** Every command the rollout started on the host, oldest first: links to their output. */
  commandIds: string[];
  reason: string | null;
}

/** Where the gate after a wave stands. */
export type GateState = "pending" | "passed" | "failed" | "soaking" | "awaiting-approval";

export interface RolloutWave {
  index: number;
  gate: GateState;
  startedAt: number | null;
  gateAt: number | null;
}

export interface RolloutState {
  status: RolloutStatus;
  /** The wave running now (or the last one, once finished). */
  wave: number;
  waves: RolloutWave[];
  hosts: RolloutHost[];
  /** While paused: what it goes back to. */
  pausedFrom: RolloutStatus | null;
  /** While soaking: when the soak ends. */
  soakUntil: number | null;
  reason: string | null;
}

export interface RolloutView {
  id: string;
  requestedBy: string;
  createdAt: number;
  finishedAt: number | null;
  scope: RolloutScope;
  plan: RolloutPlan;
  state: RolloutState;
}

/** A line of the list of rollouts. */
export interface RolloutSummary {
  id: string;
  requestedBy: string;
  createdAt: number;
  finishedAt: number | null;
  action: RolloutAction;
  targetCommit: string | null;
  status: RolloutStatus;
  hosts: number;
  succeeded: number;
  failed: number;
}

export function isRolloutFinished(status: RolloutStatus): boolean {
  return status === "succeeded" || status === "stopped" || status === "aborted";
}
