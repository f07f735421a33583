import bcrypt from "bcryptjs";
import speakeasy from "speakeasy";

export interface LoginAttempt {
  password: string;
  code?: string;
}

export interface LoginPolicy {
  passwordHash: string;
  totpSecret: string | null;
}

/** bcryptjs only knows $2a$/$2b$; $2y$ (PHP, htpasswd) is the same algorithm under another name. */
function normalizeHash(hash: string): string {
  return hash.startsWith("$2y$") ? "$2b$" + hash.slice(4) : hash;
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (password.length === 0 || password.length > 1024) return false;
  return bcrypt.compare(password, normalizeHash(hash));
}

/** The TOTP step a code matches within ±1 step of `now`, or null. */
export function matchTotpStep(code: string, secret: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const step = Math.floor(now / 30_000);
  for (const delta of [0, -1, 1]) {
    const expected = speakeasy.totp({ secret, encoding: "base32", time: (step + delta) * 30 });
    if (expected === code) return step + delta;
  }
  return null;
}

export type LoginOutcome = "ok" | "wrong-password" | "code-required" | "wrong-code" | "code-reused" | "code-locked";

/** Wrong codes (given with the right password) that lock codes for TOTP_LOCK_MS. */
export const TOTP_WRONG_CODES_BEFORE_LOCK = 5;
export const TOTP_LOCK_MS = 15 * 60_000;

/** What the verifier keeps about TOTP codes, in the store: every replica and restart shares it. */
export interface TotpLedger {
  /** Records the step of an accepted code; false when that step (or a later one) was already used. */
  claimStep(step: number): Promise<boolean>;
  /** Until when (epoch ms) codes are refused, or null. */
  lockedUntil(): Promise<number | null>;
  /** Counts a wrong code; the TOTP_WRONG_CODES_BEFORE_LOCK-th locks codes until `now + TOTP_LOCK_MS`. */
  recordWrongCode(now: number): Promise<void>;
}

/**
 * Checks password and, when configured, the TOTP code. A code is accepted once: the ledger records
 * the step of an accepted code and refuses that step or an earlier one, so a code seen once cannot be
 * used again, not after a restart and not on another replica. After TOTP_WRONG_CODES_BEFORE_LOCK wrong
 * codes, no code is checked for TOTP_LOCK_MS: guessing the 6 digits of someone who has the password
 * takes years instead of a day.
 */
export function createLoginVerifier(policy: LoginPolicy, totp: TotpLedger) {
  return async function verifyLogin(attempt: LoginAttempt, now = Date.now()): Promise<LoginOutcome> {
    if (!(await verifyPassword(attempt.password, policy.passwordHash))) return "wrong-password";
    if (policy.totpSecret === null) return "ok";
    const code = attempt.code?.trim() ?? "";
    if (code === "") return "code-required";
    const lockedUntil = await totp.lockedUntil();
    if (lockedUntil !== null && lockedUntil > now) return "code-locked";
    const step = matchTotpStep(code, policy.totpSecret, now);
    const outcome = step === null ? "wrong-code" : (await totp.claimStep(step)) ? "ok" : "code-reused";
    if (outcome !== "ok") await totp.recordWrongCode(now);
    return outcome;
  };
}
