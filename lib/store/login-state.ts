import type { Store } from "./client";

/**
 * Records that a TOTP code of `step` was accepted, unless one of that step or a later one already
 * was: one conditional UPDATE, so two replicas (or two requests) cannot both accept the same code.
 * An accepted code also clears the count of wrong ones.
 */
export async function claimTotpStep(store: Store, step: number): Promise<boolean> {
  const updated = await store.$executeRaw`UPDATE "LoginState" SET "lastTotpStep" = ${step}, "totpFailures" = 0 WHERE "id" = 1 AND "lastTotpStep" < ${step}`;
  return updated === 1;
}

/** Until when (epoch ms) codes are refused, or null when they are not. */
export async function readTotpLock(store: Store): Promise<number | null> {
  const row = await store.loginState.findUnique({ where: { id: 1 }, select: { totpLockedUntil: true } });
  return row?.totpLockedUntil?.getTime() ?? null;
}

/**
 * Counts a wrong code; the `limit`-th locks codes until `lockedUntil` and starts the count again.
 * Kept in the store, so a restart does not reset it and replicas count together.
 */
export async function recordWrongTotpCode(store: Store, limit: number, lockedUntil: Date): Promise<void> {
  const { totpFailures } = await store.loginState.update({ where: { id: 1 }, data: { totpFailures: { increment: 1 } } });
  if (totpFailures >= limit) {
    await store.loginState.updateMany({ where: { id: 1, totpFailures: { gte: limit } }, data: { totpFailures: 0, totpLockedUntil: lockedUntil } });
  }
}
