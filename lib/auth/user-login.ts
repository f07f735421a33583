import bcrypt from "bcryptjs";
import type { Role } from "../protocol/roles";
import type { Store } from "../store/client";
import { claimUserTotpStep, findUser, readUserTotpLock, recordWrongUserTotpCode } from "../store/users";
import { TOTP_LOCK_MS, TOTP_WRONG_CODES_BEFORE_LOCK, createLoginVerifier, type LoginAttempt, type LoginOutcome, type TotpLedger } from "./credentials";
import { mayLogIn } from "./user-rules";

/** A hash nobody's password matches: an unknown or disabled user costs the same bcrypt check as a real one. */
const NO_USER_HASH = bcrypt.hashSync("no user has this password", 12);

export interface UserLoginResult {
  outcome: LoginOutcome;
  /** The user's role when the outcome is "ok". */
  role: Role | null;
}

/** One user's TOTP ledger, kept on their row. */
function userTotpLedger(store: Store, name: string): TotpLedger {
  return {
    claimStep: (step) => claimUserTotpStep(store, name, step),
    lockedUntil: () => readUserTotpLock(store, name),
    recordWrongCode: (now) => recordWrongUserTotpCode(store, name, TOTP_WRONG_CODES_BEFORE_LOCK, new Date(now + TOTP_LOCK_MS)),
  };
}

/**
 * Checks a user's sign-in with the same verifier as the built-in admin's (password, then a TOTP code
 * used once), against their own row. A user who has no TOTP yet (new, or reset by an administrator)
 * signs in with the password and enrols one on the account page.
 */
export function createUserLogin(store: Store) {
  return async function verifyUserLogin(name: string, attempt: LoginAttempt): Promise<UserLoginResult> {
    const user = await findUser(store, name);
    if (!mayLogIn(user)) {
      await bcrypt.compare(attempt.password, NO_USER_HASH);
      return { outcome: "wrong-password", role: null };
    }
    const verify = createLoginVerifier({ passwordHash: user.passwordHash, totpSecret: user.totpSecret }, userTotpLedger(store, name));
    const outcome = await verify(attempt);
    return { outcome, role: outcome === "ok" ? user.role : null };
  };
}
