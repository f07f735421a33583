import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { ADMIN_USER, readSession, rotatingJwt, type SessionCheck } from "./session";

const always: SessionCheck = { isCurrent: async () => true };

const oldSecret = "o".repeat(64);
const newSecret = "n".repeat(64);

async function cookieFor(secret: string, claims: Record<string, unknown> = { sub: ADMIN_USER }, maxAge = 3600) {
  const token = await encode({ token: claims, secret, maxAge });
  return `next-auth.session-token=${token}`;
}

describe("sessions", () => {
  it("signs with the first secret and verifies with any listed one", async () => {
    const jwt = rotatingJwt([newSecret, oldSecret], always);
    const token = await jwt.encode({ token: { sub: ADMIN_USER }, secret: "", maxAge: 60 });
    expect(await rotatingJwt([newSecret], always).decode({ token, secret: "" })).toMatchObject({ sub: ADMIN_USER });
    expect(await rotatingJwt([oldSecret], always).decode({ token, secret: "" })).toBeNull();
  });

  it("accepts a cookie from a rotated-but-kept secret", async () => {
    expect(await readSession(await cookieFor(oldSecret), [newSecret, oldSecret], always)).toMatchObject({ user: ADMIN_USER, role: "admin" });
  });

  it("gives a session the role it carries, today's login (which carries none) the admin role, an unknown one the least", async () => {
    expect(await readSession(await cookieFor(newSecret, { sub: ADMIN_USER, role: "operator" }), [newSecret], always)).toMatchObject({ role: "operator" });
    expect(await readSession(await cookieFor(newSecret), [newSecret], always)).toMatchObject({ role: "admin" });
    expect(await readSession(await cookieFor(newSecret, { sub: ADMIN_USER, role: "owner" }), [newSecret], always)).toMatchObject({ role: "viewer" });
    // Only the built-in admin's sessions ever lacked the claim: a user's without one is read as a viewer's.
    expect(await readSession(await cookieFor(newSecret, { sub: "carol" }), [newSecret], always)).toMatchObject({ user: "carol", role: "viewer" });
    expect(await readSession(await cookieFor(newSecret, { sub: "carol", role: "operator" }), [newSecret], always)).toMatchObject({ role: "operator" });
  });

  it("refuses a cookie from a removed secret", async () => {
    expect(await readSession(await cookieFor(oldSecret), [newSecret], always)).toBeNull();
  });

  it("refuses forged, expired and foreign cookies", async () => {
    expect(await readSession("next-auth.session-token=forged.value.here", [newSecret], always)).toBeNull();
    expect(await readSession(await cookieFor(newSecret, { sub: ADMIN_USER }, -10), [newSecret], always)).toBeNull();
    expect(await readSession(await cookieFor("someone else's secret", { sub: "mallory", role: "admin" }), [newSecret], always)).toBeNull();
    expect(await readSession(await cookieFor(newSecret, { sub: "" }), [newSecret], always)).toBeNull();
    expect(await readSession(undefined, [newSecret], always)).toBeNull();
  });

  it("refuses a session that began before its user's logout (issue 12, weak spot 2)", async () => {
    const loggedOutAt = Date.now();
    const check: SessionCheck = { isCurrent: async (_user, startedAt) => startedAt >= loggedOutAt };
    expect(await readSession(await cookieFor(newSecret, { sub: ADMIN_USER, sessionStart: loggedOutAt - 1 }), [newSecret], check)).toBeNull();
    expect(await readSession(await cookieFor(newSecret, { sub: ADMIN_USER, sessionStart: loggedOutAt + 1 }), [newSecret], check)).toMatchObject({
      user: ADMIN_USER, startedAt: loggedOutAt + 1,
    });
  });
});
