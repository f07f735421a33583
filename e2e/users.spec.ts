import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { io } from "socket.io-client";
import speakeasy from "speakeasy";
import { startAgent, type Agent } from "./fixtures/agent";
import { logIn, startDashboard, type Dashboard } from "./fixtures/dashboard";
import { FleetApi } from "./fixtures/fleet-api";
import { NixWorld } from "./fixtures/nix-world";

let dashboard: Dashboard;
let world: NixWorld;
const agents: Agent[] = [];

test.beforeAll(async () => {
  world = new NixWorld();
  dashboard = await startDashboard();
});

test.afterAll(async () => {
  await Promise.all(agents.map((agent) => agent.stop("SIGKILL")));
  await dashboard?.stop();
});

interface Member {
  name: string;
  password: string;
  secret: string;
  page: Page;
}

async function onlineHost(admin: Page, name: string): Promise<FleetApi> {
  await logIn(admin, dashboard);
  const fleet = new FleetApi(admin.request, dashboard.url);
  agents.push(
    startAgent({
      url: dashboard.url,
      token: dashboard.agentToken,
      hostname: name,
      flags: ["--isolated-repo-mode", "--repo-url", world.origin],
      env: world.agentEnv(world.host(name)),
    }),
  );
  await fleet.waitForHost(name, (host) => host.online);
  return fleet;
}

/** An invite link made by the admin through the API (the users page is exercised in its own test). */
async function inviteByApi(admin: Page, role: string): Promise<string> {
  await logIn(admin, dashboard);
  const response = await admin.request.post(`${dashboard.url}/api/users`, { data: { role }, headers: { origin: dashboard.url } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { url: string }).url;
}

const currentCode = (secret: string) => speakeasy.totp({ secret, encoding: "base32" });

/** Follows the invite link in a browser of its own: name, password, the TOTP key from the page, its current code. */
async function join(browser: Browser, inviteUrl: string, prefix: string): Promise<Member> {
  const page = await (await browser.newContext()).newPage();
  const name = `${prefix}-${randomBytes(3).toString("hex")}`;
  const password = randomBytes(12).toString("base64url");
  await page.goto(inviteUrl);
  await page.getByLabel("User name").fill(name);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Password again").fill(password);
  await expect(page.locator("[data-totp-qr]")).toBeVisible();
  const secret = (await page.locator("[data-totp-secret]").textContent())!.trim();
  await page.getByLabel("Code").fill(currentCode(secret));
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page.getByText("Your account is ready")).toBeVisible();
  return { name, password, secret, page };
}

async function signIn(member: Member): Promise<void> {
  const { page } = member;
  await page.goto(`${dashboard.url}/login`);
  await page.getByLabel("User").fill(member.name);
  await page.getByLabel("Password").fill(member.password);
  await page.getByLabel("Code").fill(currentCode(member.secret));
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${dashboard.url}/`);
}

async function cookieOf(page: Page): Promise<string> {
  return (await page.context().cookies()).filter((c) => c.name.includes("session-token")).map((c) => `${c.name}=${c.value}`).join("; ");
}

async function startCommand(request: APIRequestContext, host: string, type: string): Promise<number> {
  const response = await request.post(`${dashboard.url}/api/hosts/${host}/commands`, { data: { type }, headers: { origin: dashboard.url } });
  return response.status();
}

/** A command:request over the browser socket with the member's session, as the fleet page sends it. */
async function socketCommand(member: Member, host: string): Promise<unknown> {
  const socket = io(`${dashboard.url}/browser`, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie: await cookieOf(member.page), origin: dashboard.url },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    return await socket.timeout(10_000).emitWithAck("command:request", { host, type: "pull" });
  } finally {
    socket.close();
  }
}

test("a viewer cannot run a command (API 403, button disabled with the reason, socket refused); an operator can", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const fleet = await onlineHost(page, "roles-1");

  const viewer = await join(browser, await inviteByApi(page, "viewer"), "viewer");
  await signIn(viewer);
  expect(await startCommand(viewer.page.request, "roles-1", "pull")).toBe(403);
  const viewerSwitch = viewer.page.locator('[data-host="roles-1"] [data-action="switch"]').first();
  await expect(viewerSwitch).toBeDisabled();
  await expect(viewerSwitch).toHaveAttribute("title", "Viewers cannot run commands");
  expect(await socketCommand(viewer, "roles-1")).toEqual({ ok: false, error: "viewers cannot run commands" });
  // A viewer still reads the fleet.
  expect((await viewer.page.request.get(`${dashboard.url}/api/hosts/roles-1`)).status()).toBe(200);
  await expect(viewer.page.getByRole("link", { name: "Users" })).toHaveCount(0);
  // Users are the admin's.
  expect((await viewer.page.request.get(`${dashboard.url}/api/users`)).status()).toBe(403);

  const operator = await join(browser, await inviteByApi(page, "operator"), "operator");
  await signIn(operator);
  const operatorSwitch = operator.page.locator('[data-host="roles-1"] [data-action="switch"]').first();
  await expect(operatorSwitch).toBeEnabled();
  expect(await startCommand(operator.page.request, "roles-1", "pull")).toBe(201);
  await fleet.waitForHost("roles-1", (host) => host.lastCommand?.state === "succeeded");
  expect(await socketCommand(operator, "roles-1")).toMatchObject({ ok: true });
  // The audit names who ran it.
  const audit = await page.request.get(`${dashboard.url}/api/audit?action=command.pull`);
  const actors = ((await audit.json()) as { events: { actor: string }[] }).events.map((event) => event.actor);
  expect(actors).toContain(operator.name);
  expect(actors).not.toContain(viewer.name);
});

test("an admin invites through the users page; the user joins, enrols TOTP and signs in; disabling them logs their open browser out", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await logIn(page, dashboard);
  await page.goto(`${dashboard.url}/users`);
  await page.getByLabel("Role of the invited user").selectOption("operator");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const inviteUrl = (await page.locator("[data-invite-url]").textContent())!.trim();
  expect(inviteUrl).toMatch(new RegExp(`^${dashboard.url}/invite/[A-Za-z0-9_-]{43}$`));

  const member = await join(browser, inviteUrl, "ops");
  // The link works once.
  const again = await (await browser.newContext()).newPage();
  await again.goto(inviteUrl);
  await expect(again.locator("[data-invite-problem]")).toHaveText("This invite link was already used.");

  await signIn(member);
  await expect(member.page.locator("[data-signed-in-user]")).toHaveText(member.name);
  await expect(member.page.locator("[data-signed-in-role]")).toHaveAttribute("data-signed-in-role", "operator");
  const copied = await cookieOf(member.page);

  await page.reload();
  const row = page.locator(`[data-user="${member.name}"]`);
  await expect(row.locator("[data-totp-state]")).toHaveAttribute("data-totp-state", "enrolled");
  await expect(row.locator("[data-active-sessions]")).toHaveAttribute("data-active-sessions", "1");
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row.locator("[data-user-state]")).toHaveAttribute("data-user-state", "disabled");

  // The open fleet page leaves for the login form within seconds; the copied cookie is refused.
  await member.page.waitForURL(/\/login/, { timeout: 10_000 });
  const refused = await member.page.request.get(`${dashboard.url}/api/hosts`, { headers: { cookie: copied } });
  expect(refused.status()).toBe(401);
  await expect(row.locator("[data-active-sessions]")).toHaveAttribute("data-active-sessions", "0");
});

test("a new role ends the user's sessions and the sessions list shows them ended; bad input gets a clear error", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const member = await join(browser, await inviteByApi(page, "viewer"), "promoted");
  await signIn(member);
  const copied = await cookieOf(member.page);
  expect((await member.page.request.get(`${dashboard.url}/api/hosts`)).status()).toBe(200);

  const change = await page.request.patch(`${dashboard.url}/api/users/${member.name}`, { data: { role: "operator" }, headers: { origin: dashboard.url } });
  expect(change.status(), await change.text()).toBe(200);
  expect((await member.page.request.get(`${dashboard.url}/api/hosts`, { headers: { cookie: copied } })).status()).toBe(401);
  const sessions = await page.request.get(`${dashboard.url}/api/users/${member.name}/sessions`);
  expect(((await sessions.json()) as { sessions: { active: boolean }[] }).sessions).toEqual([expect.objectContaining({ active: false })]);

  const badRole = await page.request.patch(`${dashboard.url}/api/users/${member.name}`, { data: { role: "owner" }, headers: { origin: dashboard.url } });
  expect(badRole.status()).toBe(400);
  const reserved = await page.request.post(`${dashboard.url}/api/invites/${"a".repeat(43)}`, {
    data: { name: "admin", password: "a long enough password", totpSecret: "JBSWY3DPEHPK3PXP", code: "123456" },
    headers: { origin: dashboard.url },
  });
  expect(reserved.status()).toBe(400);
  expect(((await reserved.json()) as { error: string }).error).toMatch(/built-in administrator/);
});
