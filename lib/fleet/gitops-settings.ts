import type { AuditLog } from "../audit/audit-log";
import type { GitopsEnv, GitopsSettingsView } from "../protocol/gitops";
import type { RolloutPlan, RolloutScope } from "../protocol/rollouts";
import type { Store } from "../store/client";
import { findGitopsPolicy, saveGitopsPolicy } from "../store/gitops-policy";
import { ServiceError } from "../service-error";
import { gitopsInForce, gitopsRollout } from "./gitops-source";

export interface GitopsChange {
  enabled: boolean;
  scope: RolloutScope;
  plan: RolloutPlan;
}

/**
 * The GitOps policy's settings: what the panel shows and saves, and what the policy reads at each
 * move of the fleet target. Read from the store each time, so that every replica sees a change.
 */
export class GitopsSettings {
  constructor(
    private readonly store: Store,
    private readonly env: GitopsEnv,
    private readonly audit: AuditLog,
  ) {}

  async view(): Promise<GitopsSettingsView> {
    return gitopsInForce(this.env, await findGitopsPolicy(this.store));
  }

  /** The rollout to start when the target moves, or null while the policy is off. */
  async rolloutInForce(): Promise<{ scope: RolloutScope; plan: RolloutPlan } | null> {
    return gitopsRollout(await this.view());
  }

  async save(change: GitopsChange, who: string, sourceIp?: string): Promise<GitopsSettingsView> {
    if (this.env.kind !== "unset") {
      throw new ServiceError("conflict", "NIXFLEET_GITOPS_ROLLOUT sets the GitOps policy of this dashboard: change it there, or unset it to use this panel");
    }
    // A saved plan rolls out whichever commit the target moves to: it names none itself.
    const plan = { ...change.plan, targetCommit: null };
    await saveGitopsPolicy(this.store, { enabled: change.enabled, scope: change.scope, plan, updatedBy: who, updatedAt: Date.now() });
    await this.audit.record({
      actor: who,
      action: "settings.gitops-save",
      target: change.scope.kind === "tag" ? `#${change.scope.tag}` : "fleet",
      sourceIp,
      detail: { enabled: change.enabled, action: plan.action, waves: `${plan.waves.size}${plan.waves.by === "percent" ? " %" : " hosts"}`, manualApproval: plan.manualApproval },
    });
    return this.view();
  }
}
