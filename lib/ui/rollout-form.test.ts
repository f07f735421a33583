import { describe, expect, it } from "vitest";
import { rolloutPlanSchema, rolloutStartSchema } from "@/lib/protocol/rollouts";
import { DEFAULT_ROLLOUT_FORM, rolloutFormFromPlan, rolloutRequestFromForm } from "./rollout-form";

describe("rolloutRequestFromForm", () => {
  it("turns the default form into the default plan over the whole fleet", () => {
    const outcome = rolloutRequestFromForm(DEFAULT_ROLLOUT_FORM, []);
    if (!outcome.ok) throw new Error(outcome.error);
    expect(rolloutStartSchema.parse(outcome.request)).toEqual({ scope: { kind: "fleet" }, plan: rolloutPlanSchema.parse({}) });
  });

  it("takes the selection, a tag, named canary hosts and a parallel limit", () => {
    const form = { ...DEFAULT_ROLLOUT_FORM, scope: "selection", canary: "web-1, web-2", maxParallel: "3" };
    expect(rolloutRequestFromForm(form, ["web-1", "web-2", "db"])).toMatchObject({
      ok: true,
      request: { scope: { kind: "hosts", hosts: ["web-1", "web-2", "db"] }, plan: { canary: { hosts: ["web-1", "web-2"] }, maxParallel: 3 } },
    });
    expect(rolloutRequestFromForm({ ...DEFAULT_ROLLOUT_FORM, scope: "tag:eu" }, [])).toMatchObject({ ok: true, request: { scope: { kind: "tag", tag: "eu" } } });
  });

  it("says what is wrong instead of sending it", () => {
    expect(rolloutRequestFromForm({ ...DEFAULT_ROLLOUT_FORM, waveSize: "0" }, [])).toEqual({ ok: false, error: "Wave size: a whole number from 1" });
    expect(rolloutRequestFromForm({ ...DEFAULT_ROLLOUT_FORM, waveSize: "150" }, [])).toEqual({ ok: false, error: "Wave size: at most 100 %" });
    expect(rolloutRequestFromForm({ ...DEFAULT_ROLLOUT_FORM, scope: "selection" }, [])).toMatchObject({ ok: false });
  });
});

describe("rolloutFormFromPlan", () => {
  it("shows a saved plan in the form's fields, and the form gives the same plan back", () => {
    const plan = rolloutPlanSchema.parse({
      action: "switch", canary: { hosts: ["web-1", "web-2"] }, waves: { by: "count", size: 5 }, maxParallel: 2, soakSeconds: 30,
      failurePercent: 20, runTests: true, failedHosts: "leave", offlineHosts: "wait", offlineWaitSeconds: 90, manualApproval: true,
    });
    const form = rolloutFormFromPlan({ kind: "tag", tag: "web" }, plan);
    expect(form).toMatchObject({ scope: "tag:web", canary: "web-1, web-2", waveSize: "5", maxParallel: "2", offlineWaitSeconds: "90" });
    const outcome = rolloutRequestFromForm(form, []);
    if (!outcome.ok) throw new Error(outcome.error);
    expect(rolloutStartSchema.parse(outcome.request)).toEqual({ scope: { kind: "tag", tag: "web" }, plan });
  });

  it("shows the default plan over the fleet as the default form", () => {
    expect(rolloutFormFromPlan({ kind: "fleet" }, rolloutPlanSchema.parse({}))).toEqual(DEFAULT_ROLLOUT_FORM);
  });
});
