import { z } from "zod";
import { roleSchema, type Role } from "./roles";

/**
 * The users API: what its routes accept and answer. The built-in admin (NIXFLEET_PASSWORD_HASH) is
 * not a user of this list; "admin" is its name and no user can take it.
 */

export const BUILT_IN_ADMIN = "admin";

/** next-auth's id of the single sign-on provider: its callback is /api/auth/callback/oidc. */
export const SSO_PROVIDER_ID = "oidc";

/** Users of the OpenID Provider are named "sso:<their name there>"; local names cannot hold a colon. */
export const SSO_USER_PREFIX = "sso:";

/** A user of the users page (not the built-in admin, not a single sign-on user): they have an account page. */
export function isLocalUser(name: string): boolean {
  return name !== BUILT_IN_ADMIN && !name.startsWith(SSO_USER_PREFIX);
}

/** Lower-case letters, digits, dot, dash and underscore; 2 to 32 characters; not the built-in admin's name. */
export const userNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, "a user name is 2 to 32 of a-z, 0-9, '.', '-' and '_', starting with a letter or digit")
  .refine((name) => name !== BUILT_IN_ADMIN, `"${BUILT_IN_ADMIN}" is the built-in administrator's name`);

/** What a password must be: long enough to resist guessing, short enough for bcrypt (72 bytes). */
export const newPasswordSchema = z.string().min(12, "a password has at least 12 characters").max(72, "a password has at most 72 characters");

export const totpCodeSchema = z.string().regex(/^\d{6}$/, "the code is 6 digits");
/** A base32 TOTP secret as speakeasy makes it (20 bytes: 32 characters). */
export const totpSecretSchema = z.string().regex(/^[A-Z2-7]{16,64}$/, "not a TOTP secret");

export const userParamsSchema = z.object({ name: userNameSchema });
export const inviteParamsSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "not an invite token") });

/** POST /api/users: an invite for a new user of `role`. */
export const inviteCreateSchema = z.object({ role: roleSchema }).strict();

/** PATCH /api/users/[name]: a new role, or disabled / enabled. */
export const userChangeSchema = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((change) => change.role !== undefined || change.disabled !== undefined, "nothing to change: give role or disabled");

/** POST /api/invites/[token]: the invited person's name, password and first TOTP code of the secret they scanned. */
export const inviteAcceptSchema = z
  .object({ name: userNameSchema, password: newPasswordSchema, totpSecret: totpSecretSchema, code: totpCodeSchema })
  .strict();

/** POST /api/account/totp: enrols the caller's TOTP secret (after an admin reset it). */
export const totpEnrolSchema = z.object({ totpSecret: totpSecretSchema, code: totpCodeSchema }).strict();

export interface UserView {
  name: string;
  role: Role;
  totpEnrolled: boolean;
  disabled: boolean;
  createdAt: number;
  createdBy: string;
  /** Sessions that still count (begun after the user's last "end sessions", not expired). */
  activeSessions: number;
}

export interface UserList {
  users: UserView[];
}

/** The link is shown once, in this answer; only its hash is stored. */
export interface InviteCreated {
  url: string;
  role: Role;
  expiresAt: number;
}

export interface SessionView {
  id: string;
  startedAt: number;
  expiresAt: number;
  sourceIp: string;
  active: boolean;
}

export interface SessionList {
  user: string;
  sessions: SessionView[];
}

/** A new TOTP secret to enrol: the secret itself (typed by hand) and its otpauth:// URL as a QR code. */
export interface TotpEnrolment {
  secret: string;
  qrDataUrl: string;
}

/** Who is signed in, as pages hand it to the components (which hide or disable what the role cannot do). */
export interface SignedInUser {
  user: string;
  role: Role;
  /** A user of the users page (not the built-in admin): they have an account page. */
  hasAccount: boolean;
}
