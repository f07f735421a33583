import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { STORE_PROVIDERS, useTestStores } from "../../test-support/store-providers";
import { rolloutPlanSchema, type RolloutView } from "../protocol/rollouts";
import type { Store } from "./client";
import { createRollout, findRollout, hasRolloutOfCommit, findUnfinishedRolloutIds, listRollouts, releaseRolloutLease, saveRolloutState, takeRolloutLease } from "./rollouts";

const ID = "7b1f0c2a-3d4e-4f5a-8b6c-9d0e1f2a3b4c";
const view = (): RolloutView => ({
  id: ID,
  requestedBy: "admin",
  createdAt: 1_800_000_000_000,
  finishedAt: null,
  scope: { kind: "fleet" },
  plan: rolloutPlanSchema.parse({}),
  state: {
    status: "running", wave: 0, pausedFrom: null, soakUntil: null, reason: null,
    waves: [{ index: 0, gate: "pending", startedAt: 1_800_000_000_000, gateAt: null }, { index: 1, gate: "pending", startedAt: null, gateAt: null }],
    hosts: [
      { name: "a", wave: 0, step: "running", commandId: "c1", commandIds: ["c1"], reason: null },
      { name: "b", wave: 1, step: "waiting", commandId: null, commandIds: [], reason: null },
      { name: "c", wave: 1, step: "waiting", commandId: null, commandIds: [], reason: null },
    ],
  },
});

const openTestStore = useTestStores();

describe.each(STORE_PROVIDERS)("rollouts on %s", (provider) => {
  let store: Store;
  beforeEach(async () => (store = await openTestStore(provider)));
  afterEach(() => store.$disconnect());

  it("stores a rollout and reads it back, listed as unfinished until its state says it finished", async () => {
    await createRollout(store, view());
    const stored = await findRollout(store, ID);
    expect(stored).toEqual({ view: view(), version: 0 });
    expect(await findUnfinishedRolloutIds(store)).toEqual([ID]);
    const state = { ...view().state, status: "succeeded" as const };
    expect(await saveRolloutState(store, ID, state, 0)).toBe(1);
    expect(await findUnfinishedRolloutIds(store)).toEqual([]);
    expect(await listRollouts(store, 10)).toEqual([expect.objectContaining({ id: ID, status: "succeeded", hosts: 3, succeeded: 0, failed: 0 })]);
  });

  it("finds whether a commit was rolled out", async () => {
    await createRollout(store, { ...view(), plan: rolloutPlanSchema.parse({ targetCommit: "a".repeat(40) }) });
    expect(await hasRolloutOfCommit(store, "a".repeat(40))).toBe(true);
    expect(await hasRolloutOfCommit(store, "b".repeat(40))).toBe(false);
  });

  it("refuses a write based on a version another writer already moved past", async () => {
    await createRollout(store, view());
    expect(await saveRolloutState(store, ID, view().state, 0)).toBe(1);
    expect(await saveRolloutState(store, ID, view().state, 0)).toBeNull();
  });

  it("gives the lease to one replica at a time, and to another once it ran out or was released", async () => {
    await createRollout(store, view());
    const t = (s: number) => new Date(1_800_000_000_000 + s * 1000);
    expect(await takeRolloutLease(store, ID, "r1", t(0), t(10))).toBe(true);
    expect(await takeRolloutLease(store, ID, "r2", t(5), t(15))).toBe(false);
    expect(await takeRolloutLease(store, ID, "r1", t(5), t(15))).toBe(true);
    expect(await takeRolloutLease(store, ID, "r2", t(16), t(26))).toBe(true);
    await releaseRolloutLease(store, ID, "r2");
    expect(await takeRolloutLease(store, ID, "r1", t(17), t(27))).toBe(true);
  });

  it("creates a rollout already leased to the replica that started it: no other replica can take it first", async () => {
    const t = (s: number) => new Date(1_800_000_000_000 + s * 1000);
    await createRollout(store, view(), { owner: "r1", until: t(10) });
    expect(await takeRolloutLease(store, ID, "r2", t(1), t(11))).toBe(false);
    expect(await takeRolloutLease(store, ID, "r1", t(1), t(11))).toBe(true);
  });
});
