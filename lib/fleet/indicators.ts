import type { HostView, Indicator, IndicatorColor, IndicatorLetter, FleetTarget } from "../protocol/browser";

export interface IndicatorContext {
  target: FleetTarget | null;
  dashboardVersion: string;
  now: number;
  /** flake.lock ages (days) up to which L is green, then yellow; older is red. */
  lockGreenDays: number;
  lockYellowDays: number;
}

type IndicatorInput = Pick<
  HostView,
  | "headCommit" | "lockHash" | "lockModifiedAt" | "currentSystem" | "desiredSystem" | "desiredSystemEvaluating"
  | "desiredSystemError" | "agentVersion" | "runningCommand" | "lastTest" | "lastCommand" | "rolledBack"
>;

const DAY_MS = 86_400_000;
const short = (sha: string) => sha.slice(0, 7);

function indicator(letter: IndicatorLetter, color: IndicatorColor, label: string, detail?: string): Indicator {
  return { letter, color, label, description: `${letter}: ${label}${detail ? ` (${detail})` : ""}` };
}

/** G: is the host's repository on the fleet target commit? */
export function computeGitIndicator(host: IndicatorInput, target: FleetTarget | null): Indicator {
  if (!target) return indicator("G", "grey", "no fleet target", "set NIXFLEET_VERSION_URL");
  if (!host.headCommit) return indicator("G", "grey", "repository unknown", "the agent reports no HEAD commit");
  if (host.headCommit === target.gitCommit) return indicator("G", "green", "on fleet target", short(target.gitCommit));
  return indicator("G", "yellow", "behind fleet target", `${short(host.headCommit)} → ${short(target.gitCommit)}`);
}

/** L: is flake.lock the fleet's (when the target names one), or else recent enough? */
export function computeLockIndicator(host: IndicatorInput, context: IndicatorContext): Indicator {
  const targetLock = context.target?.lockHash;
  if (targetLock) {
    if (!host.lockHash) return indicator("L", "grey", "flake.lock unknown");
    return host.lockHash === targetLock
      ? indicator("L", "green", "flake.lock matches fleet target")
      : indicator("L", "yellow", "flake.lock differs from fleet target", `${host.lockHash.slice(0, 8)} → ${targetLock.slice(0, 8)}`);
  }
  if (host.lockModifiedAt === null) return indicator("L", "grey", "flake.lock age unknown");
  const days = Math.max(0, Math.floor((context.now - host.lockModifiedAt) / DAY_MS));
  const age = days === 1 ? "1 day old" : `${days} days old`;
  if (days <= context.lockGreenDays) return indicator("L", "green", "flake.lock is fresh", age);
  if (days <= context.lockYellowDays) return indicator("L", "yellow", "flake.lock is getting stale", age);
  return indicator("L", "red", "flake.lock is stale", age);
}

/** S: would a rebuild change the running system? */
export function computeSystemIndicator(host: IndicatorInput): Indicator {
  const running = host.runningCommand?.type;
  if (running === "switch" || running === "pull-switch") return indicator("S", "blue", "switching");
  if (running === "rollback") return indicator("S", "blue", "rolling back");
  const rolledBack = host.rolledBack;
  if (rolledBack) {
    const from = rolledBack.fromGeneration === null ? "the new generation" : `generation ${rolledBack.fromGeneration}`;
    const at = rolledBack.at === null ? "" : ` at ${new Date(rolledBack.at).toISOString().slice(0, 16).replace("T", " ")} UTC`;
    return { letter: "S", color: "red", label: "rolled back", description: `S: rolled back from ${from}${at}: ${rolledBack.reason}` };
  }
  if (host.desiredSystemEvaluating) return indicator("S", "blue", "evaluating the desired system");
  if (host.desiredSystemError) return indicator("S", "red", "evaluation failed", host.desiredSystemError);
  if (!host.desiredSystem || !host.currentSystem) return indicator("S", "grey", "not evaluated yet");
  if (host.desiredSystem === host.currentSystem) return indicator("S", "green", "running system is up to date");
  return indicator("S", "yellow", "a rebuild would change the system");
}

/** T: did the tests pass on the system that runs now? */
export function computeTestIndicator(host: IndicatorInput): Indicator {
  if (host.runningCommand?.type === "test") return indicator("T", "blue", "tests running");
  const last = host.lastTest;
  if (!last || last.system !== host.currentSystem) return indicator("T", "grey", "not tested since the last switch");
  if (last.state === "passed") return indicator("T", "green", "tests passed");
  const failed = last.failed.length > 0 ? `failed: ${last.failed.join(", ")}` : undefined;
  return indicator("T", "red", "tests failed", failed);
}

/** A: shown only when the agent is older than the dashboard. */
export function computeAgentIndicator(host: IndicatorInput, dashboardVersion: string): Indicator | null {
  if (!host.agentVersion || compareVersions(host.agentVersion, dashboardVersion) >= 0) return null;
  return indicator("A", "red", "agent outdated", `${host.agentVersion} → ${dashboardVersion}`);
}

export function computeIndicators(host: IndicatorInput, context: IndicatorContext): Indicator[] {
  const agent = computeAgentIndicator(host, context.dashboardVersion);
  return [
    computeGitIndicator(host, context.target),
    computeLockIndicator(host, context),
    computeSystemIndicator(host),
    computeTestIndicator(host),
    ...(agent ? [agent] : []),
  ];
}

/** Compares dotted versions numerically (1.10.0 > 1.9.2); a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const [mainA = "", preA] = a.split("-", 2);
  const [mainB = "", preB] = b.split("-", 2);
  const partsA = mainA.split(".").map((n) => Number.parseInt(n, 10) || 0);
  const partsB = mainB.split(".").map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(partsA.length, partsB.length); i++) {
    const diff = (partsA[i] ?? 0) - (partsB[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return preA < preB ? -1 : 1;
}
