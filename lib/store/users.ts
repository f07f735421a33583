import type { Role } from "../protocol/roles";
import type { Store } from "./client";

export interface UserRow {
  name: string;
  role: Role;
  passwordHash: string;
  totpSecret: string | null;
  disabledAt: Date | null;
  createdAt: Date;
  createdBy: string;
}

/** A stored role this version does not know (written by a newer one) counts as the least. */
function asRole(role: string): Role {
  return role === "admin" || role === "operator" ? role : "viewer";
}

const USER_FIELDS = { name: true, role: true, passwordHash: true, totpSecret: true, disabledAt: true, createdAt: true, createdBy: true } as const;

export async function findUser(store: Store, name: string): Promise<UserRow | null> {
  const row = await store.user.findUnique({ where: { name }, select: USER_FIELDS });
  return row && { ...row, role: asRole(row.role) };
}

export async function countUsers(store: Store): Promise<number> {
  return store.user.count();
}

export async function listUsers(store: Store): Promise<UserRow[]> {
  const rows = await store.user.findMany({ select: USER_FIELDS, orderBy: { name: "asc" } });
  return rows.map((row) => ({ ...row, role: asRole(row.role) }));
}

export async function createInvite(store: Store, invite: { tokenHash: string; role: Role; createdBy: string; expiresAt: Date }): Promise<void> {
  await store.invite.create({ data: invite });
}

export async function findInvite(store: Store, tokenHash: string) {
  return store.invite.findUnique({ where: { tokenHash }, select: { role: true, expiresAt: true, usedAt: true } });
}

export type JoinOutcome = "joined" | "invite-gone" | "name-taken";

/**
 * Uses the invite and creates its user, in one transaction: the invite is claimed with a conditional
 * update (unused and unexpired), so two people racing with one link cannot both join.
 */
export async function joinWithInvite(
  store: Store,
  tokenHash: string,
  user: { name: string; passwordHash: string; totpSecret: string },
  now: Date,
): Promise<JoinOutcome> {
  return store.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { name: user.name }, select: { name: true } })) return "name-taken";
    const invite = await tx.invite.findUnique({ where: { tokenHash }, select: { role: true, createdBy: true } });
    const claimed = await tx.invite.updateMany({
      where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now, usedBy: user.name },
    });
    if (claimed.count !== 1 || !invite) return "invite-gone";
    await tx.user.create({ data: { ...user, role: invite.role, createdBy: invite.createdBy } });
    return "joined";
  });
}

/** Changes a user's role, disabled state or TOTP secret; false when there is no such user. */
export async function updateUser(
  store: Store,
  name: string,
  change: { role?: Role; disabledAt?: Date | null; totpSecret?: string | null },
): Promise<boolean> {
  // A new secret starts its own count of used steps and wrong codes.
  const totpReset = change.totpSecret === undefined ? {} : { lastTotpStep: -1, totpFailures: 0, totpLockedUntil: null };
  const { count } = await store.user.updateMany({ where: { name }, data: { ...change, ...totpReset } });
  return count === 1;
}

/** The user's TOTP ledger, the same rules as the built-in admin's LoginState row (lib/store/login-state.ts). */
export async function claimUserTotpStep(store: Store, name: string, step: number): Promise<boolean> {
  const { count } = await store.user.updateMany({ where: { name, lastTotpStep: { lt: step } }, data: { lastTotpStep: step, totpFailures: 0 } });
  return count === 1;
}

export async function readUserTotpLock(store: Store, name: string): Promise<number | null> {
  const row = await store.user.findUnique({ where: { name }, select: { totpLockedUntil: true } });
  return row?.totpLockedUntil?.getTime() ?? null;
}

export async function recordWrongUserTotpCode(store: Store, name: string, limit: number, lockedUntil: Date): Promise<void> {
  const row = await store.user.update({ where: { name }, data: { totpFailures: { increment: 1 } }, select: { totpFailures: true } });
  if (row.totpFailures >= limit) {
    await store.user.updateMany({ where: { name, totpFailures: { gte: limit } }, data: { totpFailures: 0, totpLockedUntil: lockedUntil } });
  }
}

export async function recordUserSession(store: Store, session: { id: string; user: string; startedAt: Date; expiresAt: Date; sourceIp: string }): Promise<void> {
  await store.userSession.create({ data: session });
  // The list keeps what can still be shown: sessions past their expiry are gone for good.
  await store.userSession.deleteMany({ where: { user: session.user, expiresAt: { lt: session.startedAt } } });
}

/** The user's sessions not yet expired, newest first (whether each still counts is the stamp's business). */
export async function listUserSessions(store: Store, user: string, now: Date) {
  return store.userSession.findMany({ where: { user, expiresAt: { gt: now } }, orderBy: { startedAt: "desc" }, take: 100 });
}
