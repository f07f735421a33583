import { z } from "zod";
import { rolloutPlanSchema, rolloutScopeSchema, type RolloutPlan, type RolloutScope } from "./rollouts";

/**
 * The GitOps policy (SPEC 3.5): when the fleet target moves to a new commit, a rollout of it starts
 * with a saved scope and plan. Set in the settings panel, or fixed by NIXFLEET_GITOPS_ROLLOUT.
 */

/** The hosts a saved policy rolls out to: a tag or the whole fleet (a selection is gone by the time it runs). */
export const gitopsScopeSchema = rolloutScopeSchema.refine((scope) => scope.kind !== "hosts", {
  message: "a tag or the whole fleet, not named hosts",
});

/** NIXFLEET_GITOPS_ROLLOUT as the config reads it: unset (the panel decides), "off", or a saved rollout. */
export type GitopsEnv = { kind: "unset" } | { kind: "off" } | { kind: "on"; scope: RolloutScope; plan: RolloutPlan };

/** A saved policy as NIXFLEET_GITOPS_ROLLOUT holds it: the body of POST /api/rollouts, over a tag or the fleet. */
export const gitopsRolloutSchema = z.object({ scope: gitopsScopeSchema, plan: rolloutPlanSchema.default(rolloutPlanSchema.parse({})) });

/** PUT /api/settings/gitops. */
export const gitopsSettingsSchema = z.object({
  enabled: z.boolean(),
  scope: gitopsScopeSchema,
  plan: rolloutPlanSchema,
});
export type GitopsSettingsInput = z.input<typeof gitopsSettingsSchema>;

/** Where the policy in force comes from: the environment (read-only in the panel), the panel, or nowhere yet (off). */
export type GitopsSource = "env" | "settings" | "default";

/** The policy as the settings panel shows it. */
export interface GitopsSettingsView {
  enabled: boolean;
  scope: RolloutScope;
  plan: RolloutPlan;
  source: GitopsSource;
  /** Who saved it in the panel, and when (null unless the source is the panel). */
  updatedBy: string | null;
  updatedAt: number | null;
}
