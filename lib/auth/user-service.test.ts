import speakeasy from "speakeasy";
import { beforeEach, describe, expect, it } from "vitest";
import { createTestStore, storeAudit } from "../../test-support/test-store";
import { ServiceError } from "../service-error";
import type { Store } from "../store/client";
import { SessionValidity, storeSessionStamps } from "./session-validity";
import { createUserLogin } from "./user-login";
import { UserService } from "./user-service";

const admin = { user: "admin", ip: "192.0.2.1" };
const tokenOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);
const secret = speakeasy.generateSecret({ length: 20 }).base32;
const codeAt = (now: number) => speakeasy.totp({ secret, encoding: "base32", time: Math.floor(now / 1000) });

let store: Store;
let sessions: SessionValidity;
let users: UserService;

beforeEach(async () => {
  store = await createTestStore();
  // No stamp cache: every check reads the store, as another replica would after its cache expired.
  sessions = new SessionValidity(storeSessionStamps(store), 0);
  users = new UserService(store, sessions, storeAudit(store));
});

async function joined(name: string, role: "viewer" | "operator" | "admin"): Promise<void> {
  const invite = await users.invite(admin, role, "https://fleet.example.com");
  await users.join(tokenOf(invite.url), { name, password: "a long enough password", totpSecret: secret, code: codeAt(Date.now()) }, "192.0.2.9");
}

describe("the user service", () => {
  it("makes a one-time invite link that creates a user of its role with a bcrypt password and the proven TOTP secret", async () => {
    const invite = await users.invite(admin, "operator", "https://fleet.example.com");
    expect(invite.url).toMatch(/^https:\/\/fleet\.example\.com\/invite\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(invite.url);
    await users.join(token, { name: "carol", password: "a long enough password", totpSecret: secret, code: codeAt(Date.now()) }, "");
    const row = await store.user.findUniqueOrThrow({ where: { name: "carol" } });
    expect(row).toMatchObject({ role: "operator", totpSecret: secret, createdBy: "admin" });
    expect(row.passwordHash).toMatch(/^\$2[ab]\$12\$/);
    await expect(users.join(token, { name: "dave", password: "a long enough password", totpSecret: secret, code: codeAt(Date.now()) }, "")).rejects.toThrow(
      "this invite link was already used",
    );
    const actions = (await store.auditEvent.findMany({ orderBy: { id: "asc" } })).map((event) => [event.actor, event.action]);
    expect(actions).toEqual([["admin", "user.invite"], ["carol", "user.join"]]);
  });

  it("refuses a code of another secret, an expired invite and a taken name, each with its reason", async () => {
    const invite = await users.invite(admin, "viewer", "https://fleet.example.com");
    const wrongCode = codeAt(Date.now()) === "000000" ? "111111" : "000000";
    await expect(users.join(tokenOf(invite.url), { name: "erin", password: "a long enough password", totpSecret: secret, code: wrongCode }, "")).rejects.toThrow(
      /the code does not match/,
    );
    const later = Date.now() + 73 * 3_600_000;
    await expect(
      users.join(tokenOf(invite.url), { name: "erin", password: "a long enough password", totpSecret: secret, code: codeAt(later) }, "", later),
    ).rejects.toThrow(/expired/);
    await joined("frank", "viewer");
    const second = await users.invite(admin, "viewer", "https://fleet.example.com");
    await expect(
      users.join(tokenOf(second.url), { name: "frank", password: "a long enough password", totpSecret: secret, code: codeAt(Date.now()) }, ""),
    ).rejects.toThrow(new ServiceError("conflict", 'the name "frank" is taken: choose another'));
  });

  it("ends a user's sessions at once when their role changes, they are disabled, or their TOTP is reset", async () => {
    await joined("gina", "viewer");
    for (const change of [
      () => users.changeRole(admin, "gina", "operator"),
      () => users.setDisabled(admin, "gina", true),
      () => users.resetTotp(admin, "gina"),
    ]) {
      const startedAt = Date.now() - 1;
      expect(await sessions.isCurrent("gina", startedAt)).toBe(true);
      await change();
      expect(await sessions.isCurrent("gina", startedAt)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await store.user.findUniqueOrThrow({ where: { name: "gina" } })).toMatchObject({ role: "operator", totpSecret: null });
    expect((await users.list()).users).toEqual([expect.objectContaining({ name: "gina", disabled: true, totpEnrolled: false })]);
  });

  it("keeps a disabled user from signing in, and lets them in again once enabled", async () => {
    await joined("hank", "operator");
    const login = createUserLogin(store);
    await users.setDisabled(admin, "hank", true);
    expect(await login("hank", { password: "a long enough password", code: codeAt(Date.now()) })).toEqual({ outcome: "wrong-password", role: null });
    await users.setDisabled(admin, "hank", false);
    const code = codeAt(Date.now());
    expect(await login("hank", { password: "a long enough password", code })).toEqual({ outcome: "ok", role: "operator" });
    // The code was used: the same one again is refused.
    expect((await login("hank", { password: "a long enough password", code })).outcome).toBe("code-reused");
  });

  it("refuses an administrator's own demotion or disabling, and a change of an unknown user", async () => {
    await joined("ivy", "admin");
    const ivy = { user: "ivy", ip: "" };
    await expect(users.changeRole(ivy, "ivy", "viewer")).rejects.toThrow("you cannot change your own role");
    await expect(users.setDisabled(ivy, "ivy", true)).rejects.toThrow("you cannot disable yourself");
    await expect(users.changeRole(admin, "nobody", "viewer")).rejects.toThrow('no user "nobody"');
  });

  it("lists a user's sessions, active until their sessions are ended", async () => {
    await joined("jack", "viewer");
    const now = Date.now();
    await users.recordSession("jack", now, now + 3_600_000, "192.0.2.44");
    expect((await users.sessionsOf("jack")).sessions).toEqual([expect.objectContaining({ sourceIp: "192.0.2.44", active: true })]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await users.endSessions(admin, "jack");
    expect((await users.sessionsOf("jack")).sessions).toEqual([expect.objectContaining({ active: false })]);
  });
});
