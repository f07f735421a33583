import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { useTestStores } from "../../test-support/store-providers";
import { AuditLog } from "../audit/audit-log";
import { rolloutPlanSchema } from "../protocol/rollouts";
import type { Store } from "../store/client";
import { listAudit, recordAuditMany } from "../store/audit";
import { ServiceError } from "../service-error";
import { GitopsSettings } from "./gitops-settings";

const openTestStore = useTestStores();
const change = { enabled: true, scope: { kind: "tag" as const, tag: "web" }, plan: rolloutPlanSchema.parse({ soakSeconds: 30, targetCommit: "abcdef1" }) };

describe("GitopsSettings", () => {
  let store: Store;
  let audit: AuditLog;
  beforeEach(async () => {
    store = await openTestStore("sqlite");
    audit = new AuditLog((entries) => recordAuditMany(store, entries), 1);
  });
  afterEach(() => store.$disconnect());

  it("saves the panel's policy (naming no commit), audits who did it, and puts it in force", async () => {
    const settings = new GitopsSettings(store, { kind: "unset" }, audit);
    expect(await settings.rolloutInForce()).toBeNull();
    const view = await settings.save(change, "ada", "192.0.2.7");
    expect(view).toMatchObject({ enabled: true, source: "settings", updatedBy: "ada", plan: { soakSeconds: 30, targetCommit: null } });
    expect(await settings.rolloutInForce()).toEqual({ scope: change.scope, plan: { ...change.plan, targetCommit: null } });
    const { events } = await listAudit(store, 0, 10, "settings.gitops-save");
    expect(events).toMatchObject([{ actor: "ada", action: "settings.gitops-save", target: "#web", sourceIp: "192.0.2.7" }]);
  });

  it("refuses to change a policy the environment sets, and leaves the store as it was", async () => {
    for (const env of [{ kind: "off" as const }, { kind: "on" as const, scope: { kind: "fleet" as const }, plan: rolloutPlanSchema.parse({}) }]) {
      const settings = new GitopsSettings(store, env, audit);
      await expect(settings.save(change, "ada")).rejects.toThrow(ServiceError);
      expect((await settings.view()).source).toBe("env");
    }
    expect(await new GitopsSettings(store, { kind: "unset" }, audit).view()).toMatchObject({ source: "default", enabled: false });
  });
});
