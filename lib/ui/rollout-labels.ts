import { isHostBusy, type GateState, type HostStep, type RolloutHost, type RolloutState, type RolloutStatus } from "@/lib/protocol/rollouts";

/** Badge tones, as the Badge component names them. */
export type RolloutTone = "success" | "warning" | "danger" | "info" | "muted";

/** The chip of a host: "waiting", "running", "succeeded", "failed", "rolled back", "skipped" (SPEC 3.5). */
const STEP_LABELS: Record<HostStep, { label: string; tone: RolloutTone }> = {
  waiting: { label: "waiting", tone: "muted" },
  starting: { label: "running", tone: "info" },
  running: { label: "running", tone: "info" },
  testing: { label: "testing", tone: "info" },
  succeeded: { label: "succeeded", tone: "success" },
  failed: { label: "failed", tone: "danger" },
  "rolling-back": { label: "rolling back", tone: "warning" },
  "rolled-back": { label: "rolled back", tone: "warning" },
  skipped: { label: "skipped", tone: "muted" },
};

export function hostStepLabel(step: HostStep): { label: string; tone: RolloutTone } {
  return STEP_LABELS[step];
}

const STATUS_LABELS: Record<RolloutStatus, { label: string; tone: RolloutTone }> = {
  running: { label: "Running", tone: "info" },
  soaking: { label: "Soaking", tone: "info" },
  "awaiting-approval": { label: "Waiting for approval", tone: "warning" },
  paused: { label: "Paused", tone: "warning" },
  succeeded: { label: "Succeeded", tone: "success" },
  stopped: { label: "Stopped", tone: "danger" },
  aborted: { label: "Aborted", tone: "danger" },
};

export function rolloutStatusLabel(status: RolloutStatus): { label: string; tone: RolloutTone } {
  return STATUS_LABELS[status];
}

const GATE_LABELS: Record<GateState, string> = {
  pending: "gate pending",
  passed: "gate passed",
  failed: "gate failed",
  soaking: "soaking",
  "awaiting-approval": "waiting for approval",
};

export function gateLabel(gate: GateState): string {
  return GATE_LABELS[gate];
}

export function waveName(index: number, hasCanary: boolean): string {
  if (index === 0 && hasCanary) return "Canary";
  return `Wave ${hasCanary ? index : index + 1}`;
}

export function isRolloutOver(status: RolloutStatus): boolean {
  return status === "succeeded" || status === "stopped" || status === "aborted";
}

/** Which controls make sense now: the buttons the rollout page shows. */
export function rolloutControls(state: Pick<RolloutState, "status" | "hosts">): ("pause" | "resume" | "abort" | "retry-failed" | "approve")[] {
  const controls: ("pause" | "resume" | "abort" | "retry-failed" | "approve")[] = [];
  if (state.status === "awaiting-approval") controls.push("approve");
  if (state.status === "running" || state.status === "soaking" || state.status === "awaiting-approval") controls.push("pause");
  if (state.status === "paused") controls.push("resume");
  if (state.status !== "aborted" && state.status !== "succeeded" && state.hosts.some((h) => h.step === "failed" || h.step === "rolled-back")) {
    controls.push("retry-failed");
  }
  if (!isRolloutOver(state.status)) controls.push("abort");
  return controls;
}

/** Counts of a wave's hosts by chip label, in the chips' order. */
export function stepCounts(hosts: readonly RolloutHost[]): { label: string; tone: RolloutTone; count: number }[] {
  const counts = new Map<string, { label: string; tone: RolloutTone; count: number }>();
  for (const host of hosts) {
    const { label, tone } = STEP_LABELS[host.step];
    const entry = counts.get(label) ?? { label, tone, count: 0 };
    entry.count++;
    counts.set(label, entry);
  }
  return [...counts.values()];
}

/** "3 min 20 s" from milliseconds. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function hosts(count: number): string {
  return `${count} ${count === 1 ? "host" : "hosts"}`;
}

/** What an abort does to this rollout, in the words of its confirmation: what it stops and what never starts. */
export function abortConsequences(state: Pick<RolloutState, "hosts">): string {
  const running = state.hosts.filter((host) => isHostBusy(host.step)).length;
  const waiting = state.hosts.filter((host) => host.step === "waiting").length;
  const stops = running > 0 ? `The commands running on ${hosts(running)} are stopped` : "No command runs now";
  const never = waiting > 0 ? `${hosts(waiting)} still waiting will not be started` : "no host is left waiting";
  return `${stops}; ${never}. An aborted rollout cannot be resumed.`;
}

/** The order of a wave's chips: what needs a look first (failed, rolled back), then what runs, then the rest. */
const CHIP_ORDER: Record<HostStep, number> = {
  failed: 0,
  "rolled-back": 1,
  "rolling-back": 2,
  starting: 3,
  running: 3,
  testing: 4,
  waiting: 5,
  skipped: 6,
  succeeded: 7,
};

/** A wave with more hosts than this shows only its failed and running hosts until expanded: its counts say the rest. */
export const CHIP_LIMIT = 24;

/** Chip ranks of the hosts that need a look or are running now. */
const NOTABLE_RANK = CHIP_ORDER.testing;

/**
 * The chips a wave shows (and the order its counts follow): failed and running hosts first, then by
 * name. A wave of more than `limit` hosts shows only its failed, rolled-back and running ones (at most
 * `limit`) until expanded: hundreds of "succeeded" or "waiting" chips say no more than their count.
 */
export function waveChips(hosts: readonly RolloutHost[], expanded: boolean, limit = CHIP_LIMIT): { ordered: RolloutHost[]; shown: RolloutHost[]; hidden: number } {
  const ordered = [...hosts].sort((a, b) => CHIP_ORDER[a.step] - CHIP_ORDER[b.step] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (expanded || ordered.length <= limit) return { ordered, shown: ordered, hidden: 0 };
  const shown = ordered.filter((host) => CHIP_ORDER[host.step] <= NOTABLE_RANK).slice(0, limit);
  return { ordered, shown, hidden: ordered.length - shown.length };
}
