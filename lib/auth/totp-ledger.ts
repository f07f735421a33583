import type { Store } from "../store/client";
import { claimTotpStep, readTotpLock, recordWrongTotpCode } from "../store/login-state";
import { TOTP_LOCK_MS, TOTP_WRONG_CODES_BEFORE_LOCK, type TotpLedger } from "./credentials";

/** The TOTP ledger kept in the store's one LoginState row. */
export function storeTotpLedger(store: Store): TotpLedger {
  return {
    claimStep: (step) => claimTotpStep(store, step),
    lockedUntil: () => readTotpLock(store),
    recordWrongCode: (now) => recordWrongTotpCode(store, TOTP_WRONG_CODES_BEFORE_LOCK, new Date(now + TOTP_LOCK_MS)),
  };
}
