import { rolloutPlanSchema, rolloutScopeSchema, type RolloutPlan, type RolloutScope } from "../protocol/rollouts";
import type { Store } from "./client";

/** The one row the settings panel writes. */
const ID = "gitops";

/** The GitOps policy as the settings panel saved it. */
export interface StoredGitops {
  enabled: boolean;
  scope: RolloutScope;
  plan: RolloutPlan;
  updatedBy: string;
  updatedAt: number;
}

/** The saved policy, or null when the panel never saved one. */
export async function findGitopsPolicy(store: Store): Promise<StoredGitops | null> {
  const row = await store.gitopsPolicy.findUnique({ where: { id: ID } });
  if (!row) return null;
  return {
    enabled: row.enabled,
    scope: rolloutScopeSchema.parse(JSON.parse(row.scope)),
    plan: rolloutPlanSchema.parse(JSON.parse(row.plan)),
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.getTime(),
  };
}

export async function saveGitopsPolicy(store: Store, policy: StoredGitops): Promise<void> {
  const data = {
    enabled: policy.enabled,
    scope: JSON.stringify(policy.scope),
    plan: JSON.stringify(policy.plan),
    updatedBy: policy.updatedBy,
    updatedAt: new Date(policy.updatedAt),
  };
  await store.gitopsPolicy.upsert({ where: { id: ID }, create: { id: ID, ...data }, update: data });
}
