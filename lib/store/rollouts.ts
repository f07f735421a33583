import { z } from "zod";
import { isRolloutFinished, rolloutPlanSchema, rolloutScopeSchema, type RolloutState, type RolloutSummary, type RolloutView } from "../protocol/rollouts";
import type { Store } from "./client";
import type { Rollout } from "./generated/client.ts";

/** A rollout as stored, with the version its next write must name. */
export interface StoredRollout {
  view: RolloutView;
  version: number;
}

/**
 * The state is written by this code only; it is read back without a schema check beyond being
 * JSON, because a rollout of 10,000 hosts would spend long in zod at every load.
 */
function rolloutFromRow(row: Rollout): StoredRollout {
  return {
    version: row.version,
    view: {
      id: row.id,
      requestedBy: row.requestedBy,
      createdAt: row.createdAt.getTime(),
      finishedAt: row.finishedAt?.getTime() ?? null,
      scope: rolloutScopeSchema.parse(JSON.parse(row.scope)),
      plan: rolloutPlanSchema.parse(JSON.parse(row.plan)),
      state: JSON.parse(row.state) as RolloutState,
    },
  };
}

/** Writes a new rollout, leased to the replica that runs it (`lease`) from the first moment, or to nobody. */
export async function createRollout(store: Store, view: RolloutView, lease?: { owner: string; until: Date }): Promise<void> {
  await store.rollout.create({
    data: {
      id: view.id,
      requestedBy: view.requestedBy,
      createdAt: new Date(view.createdAt),
      finishedAt: view.finishedAt === null ? null : new Date(view.finishedAt),
      status: view.state.status,
      scope: JSON.stringify(view.scope),
      plan: JSON.stringify(view.plan),
      state: JSON.stringify(view.state),
      leaseOwner: lease?.owner ?? null,
      leaseUntil: lease?.until ?? null,
    },
  });
}

/**
 * Writes a rollout's state if nobody wrote it since `version` was read; returns the new version, or
 * null when another writer came first (the caller then reloads).
 */
export async function saveRolloutState(store: Store, id: string, state: RolloutState, version: number): Promise<number | null> {
  const finished = isRolloutFinished(state.status);
  const { count } = await store.rollout.updateMany({
    where: { id, version },
    data: {
      state: JSON.stringify(state),
      status: state.status,
      version: version + 1,
      ...(finished ? { finishedAt: new Date() } : { finishedAt: null }),
    },
  });
  return count === 1 ? version + 1 : null;
}

export async function findRollout(store: Store, id: string): Promise<StoredRollout | null> {
  const row = await store.rollout.findUnique({ where: { id } });
  return row && rolloutFromRow(row);
}

export async function findUnfinishedRolloutIds(store: Store): Promise<string[]> {
  const rows = await store.rollout.findMany({ where: { finishedAt: null }, select: { id: true }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => row.id);
}

const countsSchema = z.object({ hosts: z.array(z.object({ step: z.string() })) });

/** The newest rollouts first, as lines of the list. */
export async function listRollouts(store: Store, limit: number): Promise<RolloutSummary[]> {
  const rows = await store.rollout.findMany({ orderBy: { createdAt: "desc" }, take: limit });
  return rows.map((row) => {
    const { view } = rolloutFromRow(row);
    const steps = countsSchema.parse(view.state).hosts.map((host) => host.step);
    return {
      id: view.id,
      requestedBy: view.requestedBy,
      createdAt: view.createdAt,
      finishedAt: view.finishedAt,
      action: view.plan.action,
      targetCommit: view.plan.targetCommit,
      status: view.state.status,
      hosts: steps.length,
      succeeded: steps.filter((step) => step === "succeeded").length,
      failed: steps.filter((step) => step === "failed" || step === "rolled-back").length,
    };
  });
}

/** Whether some rollout took this commit as its target (the GitOps policy starts one per commit). */
export async function hasRolloutOfCommit(store: Store, commit: string): Promise<boolean> {
  const row = await store.rollout.findFirst({ where: { plan: { contains: `"targetCommit":${JSON.stringify(commit)}` } }, select: { id: true } });
  return row !== null;
}

/**
 * Takes or renews the lease of a rollout for `owner` until `until`: it is free, already the
 * owner's, or its holder let it run out (a replica that died). Returns whether the owner holds it.
 */
export async function takeRolloutLease(store: Store, id: string, owner: string, now: Date, until: Date): Promise<boolean> {
  const { count } = await store.rollout.updateMany({
    where: { id, OR: [{ leaseOwner: null }, { leaseOwner: owner }, { leaseUntil: { lt: now } }] },
    data: { leaseOwner: owner, leaseUntil: until },
  });
  return count === 1;
}

/** Lets go of a lease (at shutdown), so that another replica takes the rollout at once. */
export async function releaseRolloutLease(store: Store, id: string, owner: string): Promise<void> {
  await store.rollout.updateMany({ where: { id, leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null } });
}
