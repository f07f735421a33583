import path from "node:path";
import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { AGENT_EXECUTABLE, startAgent, type Agent } from "./fixtures/agent";
import { logIn, startDashboard, type Dashboard } from "./fixtures/dashboard";
import { ROOT, start } from "./fixtures/processes";

let dashboard: Dashboard;
const agents: Agent[] = [];

test.beforeAll(async () => {
  dashboard = await startDashboard();
});

test.afterAll(async () => {
  await Promise.all(agents.map((agent) => agent.stop("SIGKILL")));
  await dashboard?.stop();
});

function agent(hostname: string, flags: string[] = [], executable = false): Agent {
  const started = startAgent({ url: dashboard.url, token: dashboard.agentToken, hostname, flags, executable });
  agents.push(started);
  return started;
}

test("a wrong password is refused", async ({ page }) => {
  await page.goto(`${dashboard.url}/login`);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /wrong password/i })).toBeAttached();
  await expect(page).toHaveURL(/\/login/);
  expect((await page.context().cookies()).some((c) => c.name.includes("session-token"))).toBe(false);
});

test("pages and the API need a session; the health check does not", async ({ request }) => {
  const page = await request.get(`${dashboard.url}/`, { maxRedirects: 0 });
  expect(page.status()).toBe(303);
  expect(page.headers().location).toBe("/login");
  const api = await request.get(`${dashboard.url}/api/hosts`, { maxRedirects: 0 });
  expect(api.status()).toBe(401);
  expect(await api.json()).toEqual({ error: "not logged in" });
  const health = await request.get(`${dashboard.url}/api/health`);
  expect(await health.json()).toMatchObject({ status: "ok" });
});

test("the built agent executable appears when it connects and goes offline when it stops", async ({ page }) => {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  expect(execFileSync(AGENT_EXECUTABLE, ["--version"], { encoding: "utf8" })).toBe(`nixfleet-agent ${version}\n`);
  await logIn(page, dashboard);
  const web = agent("web-1", ["--location", "cloud", "--device-type", "server", "--theme-color", "#e06c75"], true);
  const row = page.locator('[data-host="web-1"]');
  await expect(row).toBeVisible();
  await expect(row.getByText("Online")).toBeVisible();
  await expect(row).toContainText(/cloud/i);
  await expect(row).toContainText(/server/i);

  await web.stop("SIGKILL");
  await expect(row.getByText("Offline")).toBeVisible();
});

test("a wrong agent token is refused with a clear log line and retried", async () => {
  const intruder = startAgent({ url: dashboard.url, token: "wrong-token-wrong-token", hostname: "intruder" });
  agents.push(intruder);
  await intruder.waitForLine(/event=auth.token_refused/);
  await intruder.waitForLine(/event=reconnect.scheduled/);
  expect(intruder.running).toBe(true);
  const hosts = dashboard.process.output.filter((line) => line.includes("event=agent.registered host=intruder"));
  expect(hosts).toEqual([]);
});

test("the fleet page with two connected agents", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await logIn(page, dashboard);
  const started = [
    agent("nas", ["--location", "home", "--device-type", "desktop", "--theme-color", "#98c379"]),
    agent("macbook", ["--location", "work", "--device-type", "laptop", "--theme-color", "#c678dd", "--platform", "darwin"]),
  ];
  // Started from source, an agent takes a while to compile on a loaded machine: the page is held to
  // its usual time once the agents have registered.
  await Promise.all(started.map((one) => one.waitForLine(/event=connected /, 60_000)));
  await expect(page.locator('[data-host="nas"]').getByText("Online")).toBeVisible();
  await expect(page.locator('[data-host="macbook"]').getByText("Online")).toBeVisible();
  await page.screenshot({ path: path.join(ROOT, "e2e/.artifacts/fleet-two-agents.png"), fullPage: true });
  testInfo.annotations.push({ type: "screenshot", description: "e2e/.artifacts/fleet-two-agents.png" });
});

test("a malformed variable stops the start with one clear line and exit code 1", async () => {
  const server = start("bad-config", process.execPath, [path.join(ROOT, "dist/server.mjs")], {
    ...dashboard.env,
    NIXFLEET_PASSWORD_HASH: "nonsense",
    PORT: "not-a-port",
  });
  expect(await server.exited).toBe(1);
  expect(server.output).toEqual([
    "nixfleet: cannot start:",
    "  - PORT must be a port number from 1 to 65535 (got \"not-a-port\")",
    "  - NIXFLEET_PASSWORD_HASH is not a bcrypt hash: expected $2a$, $2b$ or $2y$, a cost and 53 characters",
  ]);
});
