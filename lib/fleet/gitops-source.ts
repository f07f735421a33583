import type { GitopsEnv, GitopsSettingsView } from "../protocol/gitops";
import { rolloutPlanSchema, type RolloutPlan, type RolloutScope } from "../protocol/rollouts";
import type { StoredGitops } from "../store/gitops-policy";

const OFF_SCOPE: RolloutScope = { kind: "fleet" };

/**
 * The policy in force. The environment wins and locks the panel: set to a rollout it is on with that
 * plan, set to "off" it is off, whatever the panel saved (a deployment that fixes the policy in its
 * Nix module must not be changed from a browser). Unset, the panel's saved policy is in force; never
 * saved, the policy is off and the panel starts from the default plan.
 */
export function gitopsInForce(env: GitopsEnv, stored: StoredGitops | null): GitopsSettingsView {
  if (env.kind === "on") return { enabled: true, scope: env.scope, plan: env.plan, source: "env", updatedBy: null, updatedAt: null };
  const base = stored ?? { enabled: false, scope: OFF_SCOPE, plan: rolloutPlanSchema.parse({}), updatedBy: null, updatedAt: null };
  if (env.kind === "off") return { ...base, enabled: false, source: "env", updatedBy: null, updatedAt: null };
  return { ...base, source: stored ? "settings" : "default" };
}

/** The rollout the policy starts when the target moves, or null when it is off. */
export function gitopsRollout(view: GitopsSettingsView): { scope: RolloutScope; plan: RolloutPlan } | null {
  return view.enabled ? { scope: view.scope, plan: view.plan } : null;
}
