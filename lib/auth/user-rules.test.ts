import { describe, expect, it } from "vitest";
import { INVITE_TTL_MS, inviteProblem, inviteTokenHash, mayLogIn, newInviteToken, userChangeProblem } from "./user-rules";

describe("invite validity", () => {
  const now = Date.UTC(2026, 11, 5, 12);
  const fresh = { expiresAt: new Date(now + INVITE_TTL_MS), usedAt: null };

  it("accepts an unused invite before it expires", () => {
    expect(inviteProblem(fresh, now)).toBeNull();
  });

  it("refuses an unknown, a used and an expired invite, each with its reason", () => {
    expect(inviteProblem(null, now)).toBe("this invite link is not valid");
    expect(inviteProblem({ ...fresh, usedAt: new Date(now - 1) }, now)).toBe("this invite link was already used");
    expect(inviteProblem({ ...fresh, expiresAt: new Date(now) }, now)).toMatch(/expired/);
  });

  it("makes tokens that differ each time and keeps only their hash", () => {
    const a = newInviteToken();
    const b = newInviteToken();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(inviteTokenHash(a.token));
    expect(a.hash).not.toContain(a.token);
  });
});

describe("who may change a user", () => {
  it("lets an administrator change others in every way", () => {
    for (const change of [{ role: "viewer" as const }, { disabled: true }, "reset-totp" as const, "end-sessions" as const]) {
      expect(userChangeProblem("alice", "bob", change)).toBeNull();
    }
  });

  it("keeps an administrator from demoting or disabling themselves, but lets them end their own sessions", () => {
    expect(userChangeProblem("alice", "alice", { role: "viewer" })).toBe("you cannot change your own role");
    expect(userChangeProblem("alice", "alice", { disabled: true })).toBe("you cannot disable yourself");
    expect(userChangeProblem("alice", "alice", "end-sessions")).toBeNull();
    expect(userChangeProblem("alice", "alice", "reset-totp")).toBeNull();
  });
});

describe("who may sign in", () => {
  it("refuses an unknown and a disabled user", () => {
    expect(mayLogIn(null)).toBe(false);
    expect(mayLogIn({ disabledAt: new Date() })).toBe(false);
    expect(mayLogIn({ disabledAt: null })).toBe(true);
  });
});
