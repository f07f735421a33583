import { describe, expect, it } from "vitest";
import { rolloutPlanSchema } from "../protocol/rollouts";
import type { StoredGitops } from "../store/gitops-policy";
import { gitopsInForce, gitopsRollout } from "./gitops-source";

const envPlan = rolloutPlanSchema.parse({ canary: { count: 2 } });
const panelPlan = rolloutPlanSchema.parse({ soakSeconds: 60 });
const saved = (enabled: boolean): StoredGitops => ({ enabled, scope: { kind: "tag", tag: "web" }, plan: panelPlan, updatedBy: "ada", updatedAt: 5 });

describe("the GitOps policy in force", () => {
  it("is off with the default plan while neither the environment nor the panel set it", () => {
    const view = gitopsInForce({ kind: "unset" }, null);
    expect(view).toMatchObject({ enabled: false, source: "default", scope: { kind: "fleet" }, updatedBy: null });
    expect(view.plan).toEqual(rolloutPlanSchema.parse({}));
    expect(gitopsRollout(view)).toBeNull();
  });

  it("is what the panel saved while the environment leaves it unset, on or off", () => {
    const on = gitopsInForce({ kind: "unset" }, saved(true));
    expect(on).toMatchObject({ enabled: true, source: "settings", scope: { kind: "tag", tag: "web" }, updatedBy: "ada", updatedAt: 5 });
    expect(gitopsRollout(on)).toEqual({ scope: { kind: "tag", tag: "web" }, plan: panelPlan });
    expect(gitopsRollout(gitopsInForce({ kind: "unset" }, saved(false)))).toBeNull();
  });

  it("is the environment's rollout, locked, whatever the panel saved", () => {
    const view = gitopsInForce({ kind: "on", scope: { kind: "fleet" }, plan: envPlan }, saved(false));
    expect(view).toEqual({ enabled: true, scope: { kind: "fleet" }, plan: envPlan, source: "env", updatedBy: null, updatedAt: null });
  });

  it("is off, locked, when the environment says off, even if the panel turned it on", () => {
    const view = gitopsInForce({ kind: "off" }, saved(true));
    expect(view).toMatchObject({ enabled: false, source: "env" });
    expect(gitopsRollout(view)).toBeNull();
  });
});
