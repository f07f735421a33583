import type { RolloutAction, RolloutPlan, RolloutScope, RolloutStart } from "@/lib/protocol/rollouts";

/** The plan form's fields as the inputs hold them (text, so a half-typed number stays as typed). */
export interface RolloutForm {
  /** "selection", "fleet" or "tag:<name>". */
  scope: string;
  action: RolloutAction;
  /** A number of hosts, or host names separated by commas. */
  canary: string;
  wavesBy: "count" | "percent";
  waveSize: string;
  maxParallel: string;
  soakSeconds: string;
  failurePercent: string;
  runTests: boolean;
  failedHosts: "leave" | "roll-back";
  offlineHosts: "skip" | "wait";
  offlineWaitSeconds: string;
  manualApproval: boolean;
}

export const DEFAULT_ROLLOUT_FORM: RolloutForm = {
  scope: "fleet",
  action: "pull-switch",
  canary: "1",
  wavesBy: "percent",
  waveSize: "25",
  maxParallel: "",
  soakSeconds: "0",
  failurePercent: "10",
  runTests: false,
  failedHosts: "roll-back",
  offlineHosts: "skip",
  offlineWaitSeconds: "600",
  manualApproval: false,
};

export type FormOutcome = { ok: true; request: RolloutStart } | { ok: false; error: string };

function whole(text: string, name: string, min: number): number | string {
  const value = Number(text.trim());
  return /^\d+$/.test(text.trim()) && value >= min ? value : `${name}: a whole number from ${min}`;
}

/** The POST /api/rollouts body for the form, or the first problem in words (the server checks again). */
export function rolloutRequestFromForm(form: RolloutForm, selection: readonly string[]): FormOutcome {
  const scope: RolloutStart["scope"] =
    form.scope === "selection"
      ? { kind: "hosts", hosts: [...selection] }
      : form.scope.startsWith("tag:")
        ? { kind: "tag", tag: form.scope.slice(4) }
        : { kind: "fleet" };
  if (scope.kind === "hosts" && scope.hosts.length === 0) return { ok: false, error: "Select hosts first, or roll out to a tag or the whole fleet." };
  const names = form.canary.split(",").map((name) => name.trim()).filter(Boolean);
  const canary = names.length > 0 && names.every((name) => /^\d+$/.test(name) === false) ? { hosts: names } : whole(form.canary, "Canary", 0);
  const waveSize = whole(form.waveSize, "Wave size", 1);
  const maxParallel = form.maxParallel.trim() === "" ? null : whole(form.maxParallel, "At most at once", 1);
  const soakSeconds = whole(form.soakSeconds, "Soak", 0);
  const failurePercent = whole(form.failurePercent, "Failure threshold", 0);
  const offlineWaitSeconds = whole(form.offlineWaitSeconds, "Offline wait", 1);
  for (const value of [canary, waveSize, maxParallel, soakSeconds, failurePercent, offlineWaitSeconds]) {
    if (typeof value === "string") return { ok: false, error: value };
  }
  if (form.wavesBy === "percent" && (waveSize as number) > 100) return { ok: false, error: "Wave size: at most 100 %" };
  return {
    ok: true,
    request: {
      scope,
      plan: {
        action: form.action,
        canary: typeof canary === "number" ? { count: canary } : (canary as { hosts: string[] }),
        waves: { by: form.wavesBy, size: waveSize as number },
        maxParallel: maxParallel as number | null,
        soakSeconds: soakSeconds as number,
        failurePercent: Math.min(100, failurePercent as number),
        runTests: form.runTests,
        failedHosts: form.failedHosts,
        offlineHosts: form.offlineHosts,
        offlineWaitSeconds: offlineWaitSeconds as number,
        manualApproval: form.manualApproval,
      },
    },
  };
}

/** The form showing a saved scope and plan (the GitOps panel edits its saved plan with the same fields). */
export function rolloutFormFromPlan(scope: RolloutScope, plan: RolloutPlan): RolloutForm {
  return {
    scope: scope.kind === "tag" ? `tag:${scope.tag}` : scope.kind === "hosts" ? "selection" : "fleet",
    action: plan.action,
    canary: "hosts" in plan.canary ? plan.canary.hosts.join(", ") : String(plan.canary.count),
    wavesBy: plan.waves.by,
    waveSize: String(plan.waves.size),
    maxParallel: plan.maxParallel === null ? "" : String(plan.maxParallel),
    soakSeconds: String(plan.soakSeconds),
    failurePercent: String(plan.failurePercent),
    runTests: plan.runTests,
    failedHosts: plan.failedHosts,
    offlineHosts: plan.offlineHosts,
    offlineWaitSeconds: String(plan.offlineWaitSeconds),
    manualApproval: plan.manualApproval,
  };
}
