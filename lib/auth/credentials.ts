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

export type LoginOutcome = "ok" | "wrong-password" | "code-required" | "wrong-code" | "code-reused";

/**
 * Checks password and, when configured, the TOTP code. A code is accepted once: `claimStep` records
 * the step of an accepted code in the store and refuses that step or an earlier one, so a code seen
 * once cannot be used again, not after a restart and not on another replica.
 */
export function createLoginVerifier(policy: LoginPolicy, claimStep: (step: number) => Promise<boolean>) {
  return async function verifyLogin(attempt: LoginAttempt, now = Date.now()): Promise<LoginOutcome> {
    if (!(await verifyPassword(attempt.password, policy.passwordHash))) return "wrong-password";
    if (policy.totpSecret === null) return "ok";
    const code = attempt.code?.trim() ?? "";
    if (code === "") return "code-required";
    const step = matchTotpStep(code, policy.totpSecret, now);
    if (step === null) return "wrong-code";
    return (await claimStep(step)) ? "ok" : "code-reused";
  };
}
