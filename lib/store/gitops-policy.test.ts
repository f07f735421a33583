import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { STORE_PROVIDERS, useTestStores } from "../../test-support/store-providers";
import { rolloutPlanSchema } from "../protocol/rollouts";
import type { Store } from "./client";
import { findGitopsPolicy, saveGitopsPolicy } from "./gitops-policy";

const openTestStore = useTestStores();

describe.each(STORE_PROVIDERS)("the saved GitOps policy on %s", (provider) => {
  let store: Store;
  beforeEach(async () => (store = await openTestStore(provider)));
  afterEach(() => store.$disconnect());

  it("is absent until saved, then read back as saved; a second save replaces it", async () => {
    expect(await findGitopsPolicy(store)).toBeNull();
    const policy = { enabled: true, scope: { kind: "tag" as const, tag: "web" }, plan: rolloutPlanSchema.parse({ soakSeconds: 30 }), updatedBy: "ada", updatedAt: 1_800_000_000_000 };
    await saveGitopsPolicy(store, policy);
    expect(await findGitopsPolicy(store)).toEqual(policy);
    await saveGitopsPolicy(store, { ...policy, enabled: false, updatedBy: "bob" });
    expect(await findGitopsPolicy(store)).toEqual({ ...policy, enabled: false, updatedBy: "bob" });
  });
});
