import type { Store } from "./client";

/**
 * Records that a TOTP code of `step` was accepted, unless one of that step or a later one already
 * was: one conditional UPDATE, so two replicas (or two requests) cannot both accept the same code.
 */
export async function claimTotpStep(store: Store, step: number): Promise<boolean> {
  const updated = await store.$executeRaw`UPDATE "LoginState" SET "lastTotpStep" = ${step} WHERE "id" = 1 AND "lastTotpStep" < ${step}`;
  return updated === 1;
}
