import { createHash, randomBytes } from "node:crypto";
import type { Role } from "./roles";

/** How long an invite link works. */
export const INVITE_TTL_MS = 72 * 60 * 60_000;

export interface InviteRecord {
  expiresAt: Date;
  usedAt: Date | null;
}

/** Why an invite cannot be used now, or null when it can: unknown, used once already, or expired. */
export function inviteProblem(invite: InviteRecord | null, now = Date.now()): string | null {
  if (!invite) return "this invite link is not valid";
  if (invite.usedAt) return "this invite link was already used";
  if (invite.expiresAt.getTime() <= now) return "this invite link has expired: ask an administrator for a new one";
  return null;
}

/** A new invite token (the link carries it) and the hash the store keeps. */
export function newInviteToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: inviteTokenHash(token) };
}

export function inviteTokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type UserChange = { role: Role } | { disabled: boolean } | "reset-totp" | "end-sessions";

/**
 * Why `actor` may not make `change` to user `target`, or null when they may. An administrator cannot
 * take away their own access (their role or their account): another administrator, or the built-in
 * one, has to, so the dashboard cannot be left without one by a slip.
 */
export function userChangeProblem(actor: string, target: string, change: UserChange): string | null {
  if (actor !== target) return null;
  if (typeof change === "object" && "role" in change) return "you cannot change your own role";
  if (typeof change === "object" && change.disabled) return "you cannot disable yourself";
  return null;
}

export interface LoginUser {
  disabledAt: Date | null;
}

/** Whether a user may sign in at all (before the password is checked). */
export function mayLogIn(user: LoginUser | null): user is LoginUser {
  return user !== null && user.disabledAt === null;
}
