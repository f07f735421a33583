import { RateLimiter, type RateDecision } from "./rate-limiter";

export interface LoginThrottleRules {
  /** Attempts one address may make per account and window. */
  perAddress: number;
  /** The same, while the account is under attack (its failures over `accountAlarm` in the window). */
  perAddressUnderAttack: number;
  /** Failures of the account, from all addresses together, that mean it is under attack. */
  accountAlarm: number;
  windowMs: number;
}

export const LOGIN_THROTTLE_RULES: LoginThrottleRules = {
  perAddress: 5,
  perAddressUnderAttack: 1,
  accountAlarm: 30,
  windowMs: 60_000,
};

/**
 * Login limits, applied where the password is checked (so no URL variant gets around them), keyed on
 * the client address and the account. An address that used up its attempts waits; the account itself
 * is never locked, so failures spread over many addresses cannot keep its owner out: they only make
 * every address that fails wait longer while the account is under attack.
 *
 * An attempt is counted when it starts (parallel guesses cannot all slip in before the first
 * failure is known) and forgotten when it succeeds.
 */
export class LoginThrottle {
  private readonly normal: RateLimiter;
  private readonly underAttack: RateLimiter;
  private readonly accountFailures: RateLimiter;

  constructor(private readonly rules: LoginThrottleRules = LOGIN_THROTTLE_RULES) {
    this.normal = new RateLimiter({ limit: rules.perAddress, windowMs: rules.windowMs });
    this.underAttack = new RateLimiter({ limit: rules.perAddressUnderAttack, windowMs: rules.windowMs });
    this.accountFailures = new RateLimiter({ limit: rules.accountAlarm, windowMs: rules.windowMs });
  }

  /** Counts an attempt of `account` from `address`, or says how long that address must wait. */
  begin(address: string, account: string, now = Date.now()): RateDecision {
    const key = `${account}\n${address}`;
    const attacked = !this.accountFailures.check(account, now).allowed;
    const decision = (attacked ? this.underAttack : this.normal).check(key, now);
    if (!decision.allowed) return decision;
    this.normal.hit(key, now);
    this.underAttack.hit(key, now);
    return decision;
  }

  failed(account: string, now = Date.now()): void {
    this.accountFailures.hit(account, now);
  }

  succeeded(address: string, account: string): void {
    const key = `${account}\n${address}`;
    this.normal.reset(key);
    this.underAttack.reset(key);
  }
}
