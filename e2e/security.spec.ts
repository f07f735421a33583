import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { io } from "socket.io-client";
import speakeasy from "speakeasy";
import { logIn, startDashboard, type Dashboard } from "./fixtures/dashboard";
import { connectRawAgent, handshake, registration } from "./fixtures/raw-agent";

let dashboard: Dashboard & { sessionSecret: string };
const OLD_SECRET = "o".repeat(64);

test.beforeAll(async () => {
  dashboard = await startDashboard({ env: { NIXFLEET_SESSION_SECRET: `${"n".repeat(64)},${OLD_SECRET}` } });
});
test.afterAll(async () => {
  await dashboard?.stop();
});

const cookieFor = async (secret: string, maxAge = 3600) =>
  `next-auth.session-token=${await encode({ token: { sub: "admin", name: "admin" }, secret, maxAge })}`;

async function status(request: APIRequestContext, cookie: string): Promise<number> {
  return (await request.get(`${dashboard.url}/api/hosts`, { headers: { cookie } })).status();
}

test.describe("sessions", () => {
  test("a forged cookie is refused", async ({ request }) => {
    expect(await status(request, "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..forged.forged.forged")).toBe(401);
  });

  test("a cookie signed with a rotated-but-kept secret is accepted; one from a removed secret is refused", async ({ request }) => {
    expect(await status(request, await cookieFor(OLD_SECRET))).toBe(200);
    expect(await status(request, await cookieFor("r".repeat(64)))).toBe(401);
  });

  test("an expired cookie is refused", async ({ request }) => {
    expect(await status(request, await cookieFor(OLD_SECRET, -60))).toBe(401);
  });

  test("the session cookie is HttpOnly and SameSite=Lax", async ({ page }) => {
    await logIn(page, dashboard);
    const cookie = (await page.context().cookies()).find((c) => c.name === "next-auth.session-token");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  });
});

test.describe("same-origin checks", () => {
  const mutations: [string, string][] = [
    ["POST", "/api/hosts/web-1/commands"],
    ["POST", "/api/hosts/web-1/stop"],
    ["DELETE", "/api/hosts/web-1"],
    ["POST", "/api/tokens/web-1"],
    ["DELETE", "/api/tokens/web-1"],
  ];
  for (const [method, route] of mutations) {
    test(`${method} ${route} without Origin, or from another origin, is refused`, async ({ request }) => {
      const cookie = await cookieFor(OLD_SECRET);
      for (const origin of [undefined, "https://evil.example", "null"]) {
        const response = await request.fetch(`${dashboard.url}${route}`, {
          method,
          headers: { cookie, "content-type": "application/json", ...(origin ? { origin } : {}) },
          data: { type: "pull" },
        });
        expect(response.status()).toBe(403);
        expect(await response.json()).toEqual({ error: "cross-origin request refused" });
      }
    });
  }

  test("a login post without next-auth's CSRF token does not log in", async ({ request }) => {
    const response = await request.post(`${dashboard.url}/api/auth/callback/credentials`, {
      form: { password: dashboard.password },
      maxRedirects: 0,
    });
    expect(response.headers()["set-cookie"] ?? "").not.toContain("session-token");
  });

  test("a browser socket from another origin, or without a session, is refused", async () => {
    const cookie = await cookieFor(OLD_SECRET);
    const attempt = (headers: Record<string, string>) =>
      new Promise<string>((resolve) => {
        const socket = io(`${dashboard.url}/browser`, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: headers });
        socket.once("connect", () => { socket.close(); resolve("connected"); });
        socket.once("connect_error", (error) => { socket.close(); resolve(error.message); });
      });
    expect(await attempt({ cookie, origin: "https://evil.example" })).toBe("origin not allowed");
    expect(await attempt({ origin: dashboard.url })).toBe("not logged in");
    expect(await attempt({ cookie, origin: dashboard.url })).toBe("connected");
  });
});

test.describe("agent tokens", () => {
  async function issueToken(request: APIRequestContext, host: string): Promise<string> {
    const response = await request.post(`${dashboard.url}/api/tokens/${host}`, {
      headers: { cookie: await cookieFor(OLD_SECRET), origin: dashboard.url },
    });
    expect(response.status()).toBe(201);
    return (await response.json()).token;
  }

  test("a per-host token cannot register another host, and the shared token cannot take over a host that has its own", async ({ request }) => {
    const tokenA = await issueToken(request, "host-a");
    const asB = connectRawAgent(dashboard.url, tokenA, "host-b");
    expect(await handshake(asB)).toBe("invalid token");
    asB.close();
    const sharedAsA = connectRawAgent(dashboard.url, dashboard.agentToken, "host-a");
    expect(await handshake(sharedAsA)).toBe("invalid token");
    sharedAsA.close();
    const asA = connectRawAgent(dashboard.url, tokenA, "host-a");
    expect(await handshake(asA)).toBe("connected");
    asA.close();
  });

  test("revoking a token disconnects its agent at once and refuses it afterwards", async ({ request }) => {
    const token = await issueToken(request, "host-r");
    const agent = connectRawAgent(dashboard.url, token, "host-r");
    expect(await handshake(agent)).toBe("connected");
    const disconnected = new Promise<string>((resolve) => agent.once("disconnect", resolve));
    const response = await request.delete(`${dashboard.url}/api/tokens/host-r`, {
      headers: { cookie: await cookieFor(OLD_SECRET), origin: dashboard.url },
    });
    expect(response.status()).toBe(200);
    expect(await disconnected).toBe("io server disconnect");
    const again = connectRawAgent(dashboard.url, token, "host-r");
    expect(await handshake(again)).toBe("invalid token");
    again.close();
  });

  test("the shared token bootstraps a per-host token; only its hash reaches the database", async () => {
    const agent = connectRawAgent(dashboard.url, dashboard.agentToken, "boot-1");
    expect(await handshake(agent)).toBe("connected");
    const reply = await agent.timeout(2_000).emitWithAck("register", registration("boot-1"));
    expect(reply).toMatchObject({ ok: true, hostToken: expect.stringMatching(/^nfh_/) });
    agent.close();
    await new Promise((r) => setTimeout(r, 500));
    for (const file of readdirSync(dashboard.dataDir).filter((f) => f.startsWith("nixfleet.db"))) {
      expect(readFileSync(path.join(dashboard.dataDir, file)).includes(reply.hostToken)).toBe(false);
    }
  });
});

test.describe("what agents send", () => {
  test("markup in host names and colours is refused, and markup in free text shows as text", async ({ page }) => {
    const badName = connectRawAgent(dashboard.url, dashboard.agentToken, "<img src=x onerror=alert(1)>");
    expect(await handshake(badName)).toBe("malformed handshake");
    badName.close();

    const agent = connectRawAgent(dashboard.url, dashboard.agentToken, "xss-1");
    expect(await handshake(agent)).toBe("connected");
    const badColour = await agent.emitWithAck("register", registration("xss-1", { themeColor: "red;}</style><script>alert(1)</script>" }));
    expect(badColour).toMatchObject({ ok: false, error: expect.stringMatching(/themeColor/) });
    const script = "<script>window.__pwned=1</script><img src=x onerror=window.__pwned=1>";
    expect(await agent.emitWithAck("register", registration("xss-1", { osVersion: script }))).toMatchObject({ ok: true });

    let dialogs = 0;
    page.on("dialog", (dialog) => { dialogs++; void dialog.dismiss(); });
    await logIn(page, dashboard);
    await expect(page.locator('[data-host="xss-1"]')).toContainText(script);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toBe(0);
    agent.close();
  });

  test("an oversized message closes that agent's connection and nothing else", async ({ page }) => {
    const agent = connectRawAgent(dashboard.url, dashboard.agentToken, "big-1");
    expect(await handshake(agent)).toBe("connected");
    const closed = new Promise<string>((resolve) => agent.once("disconnect", resolve));
    agent.emit("register", registration("big-1", { osVersion: "x".repeat(2_000_000) }));
    expect(await closed).toBe("transport close");
    const health = await page.request.get(`${dashboard.url}/api/health`);
    expect(await health.json()).toMatchObject({ status: "ok" });
    expect(dashboard.process.running).toBe(true);
  });

  test("1,000 random malformed socket messages leave the server serving and the data intact", async ({ page }) => {
    test.setTimeout(120_000);
    const agent = connectRawAgent(dashboard.url, dashboard.agentToken, "fuzz-1");
    expect(await handshake(agent)).toBe("connected");
    expect(await agent.emitWithAck("register", registration("fuzz-1", { osVersion: "before fuzz" }))).toMatchObject({ ok: true });

    let seed = 20261126;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(items: T[]): T => items[Math.floor(random() * items.length)]!;
    const junk = (depth = 0): unknown => {
      const kind = Math.floor(random() * 8);
      if (depth > 2 || kind < 2) return pick([null, true, -1, 1e308, "", "x".repeat(Math.floor(random() * 5000)), "<script>", "../../etc/passwd"]);
      if (kind < 5) return Array.from({ length: Math.floor(random() * 4) }, () => junk(depth + 1));
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 5) }, () => [pick(["hostname", "status", "commandId", "chunks", "seq", "__proto__", "constructor", "x"]), junk(depth + 1)]),
      );
    };
    const events = ["register", "heartbeat", "command:output", "command:result", "unknown:event"];
    let answered = 0;
    for (let i = 0; i < 1_000; i++) {
      const reply = await agent.timeout(2_000).emitWithAck(pick(events), junk()).catch(() => null);
      if (reply && (reply as { ok?: boolean }).ok === false) answered++;
      if (i % 100 === 0) agent.emit(pick(events), junk());
    }
    expect(answered).toBeGreaterThan(500);

    const health = await page.request.get(`${dashboard.url}/api/health`);
    expect(await health.json()).toMatchObject({ status: "ok" });
    await logIn(page, dashboard);
    const host = await page.request.get(`${dashboard.url}/api/hosts/fuzz-1`);
    expect((await host.json()).host).toMatchObject({ name: "fuzz-1", osVersion: "before fuzz" });
    expect(dashboard.process.running).toBe(true);
    agent.close();
  });
});

test.describe("login", () => {
  test("the 6th fast login from one address gets 429 with Retry-After", async ({ request }) => {
    // A dashboard of its own: the other tests' logins count against the same address.
    const fresh = await startDashboard();
    const attempts = [];
    for (let i = 0; i < 6; i++) {
      attempts.push(await request.post(`${fresh.url}/api/auth/callback/credentials`, { form: { password: "wrong" }, maxRedirects: 0 }));
    }
    await fresh.stop();
    expect(attempts.slice(0, 5).map((r) => r.status())).not.toContain(429);
    expect(attempts[5]!.status()).toBe(429);
    expect(Number(attempts[5]!.headers()["retry-after"])).toBeGreaterThan(0);
  });

  test("security headers are sent with every page", async ({ request }) => {
    const response = await request.get(`${dashboard.url}/login`);
    const headers = response.headers();
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
  });
});

test.describe("TOTP", () => {
  const secret = speakeasy.generateSecret({ length: 20 }).base32;
  let totpDashboard: Dashboard;
  test.beforeAll(async () => {
    totpDashboard = await startDashboard({ env: { NIXFLEET_TOTP_SECRET: secret } });
  });
  test.afterAll(async () => {
    await totpDashboard?.stop();
  });

  async function tryLogin(page: import("@playwright/test").Page, code: string): Promise<boolean> {
    await page.context().clearCookies();
    await page.goto(`${totpDashboard.url}/login`);
    await page.getByLabel("Password").fill(totpDashboard.password);
    await page.getByLabel("Code").fill(code);
    await page.getByRole("button", { name: "Sign in" }).click();
    const outcome = await Promise.race([
      page.waitForURL(`${totpDashboard.url}/`).then(() => true),
      page.getByRole("alert").filter({ hasText: /wrong|code/i }).waitFor().then(() => false),
    ]);
    return outcome;
  }

  test("a wrong, an expired and a reused code are refused; a current one works once", async ({ page }) => {
    const code = (offsetSteps: number) => speakeasy.totp({ secret, encoding: "base32", time: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
    expect(await tryLogin(page, "000000" === code(0) ? "111111" : "000000")).toBe(false);
    expect(await tryLogin(page, code(-4))).toBe(false);
    const current = code(0);
    expect(await tryLogin(page, current)).toBe(true);
    expect(await tryLogin(page, current)).toBe(false);
  });
});
