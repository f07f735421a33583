import { describe, expect, it } from "vitest";
import { LoginThrottle } from "./login-throttle";

const fail = (throttle: LoginThrottle, address: string, now: number) => {
  const decision = throttle.begin(address, "admin", now);
  if (decision.allowed) throttle.failed("admin", now);
  return decision.allowed;
};

describe("LoginThrottle", () => {
  it("lets an address try 5 times a minute, then makes it wait, whatever it tries", () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 5; i++) expect(fail(throttle, "198.51.100.1", 1_000 + i)).toBe(true);
    expect(throttle.begin("198.51.100.1", "admin", 2_000)).toEqual({ allowed: false, retryAfterSeconds: 59 });
    expect(throttle.begin("198.51.100.1", "admin", 61_000).allowed).toBe(true);
  });

  it("never locks the account: failures spread over 6 addresses leave a 7th free to sign in (issue 12, weak spot 1)", () => {
    const throttle = new LoginThrottle();
    for (let address = 1; address <= 6; address++) {
      for (let i = 0; i < 5; i++) fail(throttle, `198.51.100.${address}`, 1_000);
    }
    expect(throttle.begin("192.0.2.10", "admin", 2_000).allowed).toBe(true);
  });

  it("while the account is under attack, an address that fails once waits", () => {
    const throttle = new LoginThrottle();
    for (let address = 1; address <= 30; address++) fail(throttle, `198.51.100.${address}`, 1_000);
    expect(fail(throttle, "203.0.113.1", 2_000)).toBe(true);
    expect(throttle.begin("203.0.113.1", "admin", 3_000).allowed).toBe(false);
  });

  it("counts parallel attempts as they start", () => {
    const throttle = new LoginThrottle();
    const decisions = Array.from({ length: 8 }, () => throttle.begin("198.51.100.9", "admin", 1_000).allowed);
    expect(decisions.filter(Boolean)).toHaveLength(5);
  });

  it("forgets an address's attempts when it signs in", () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 4; i++) fail(throttle, "192.0.2.1", 1_000);
    throttle.succeeded("192.0.2.1", "admin");
    for (let i = 0; i < 5; i++) expect(throttle.begin("192.0.2.1", "admin", 1_000).allowed).toBe(true);
  });
});
