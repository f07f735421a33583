import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startAgent, type Agent } from "./fixtures/agent";
import { logIn, startDashboard, type Dashboard } from "./fixtures/dashboard";
import { FleetApi } from "./fixtures/fleet-api";
import { NetworkSwitch } from "./fixtures/network-switch";
import { NixWorld, SYSTEM_A, SYSTEM_B, type HostControl } from "./fixtures/nix-world";

/** Short, so the tests wait seconds, not minutes; the watchdog's clock starts when the switch ends. */
const CONFIRM_TIMEOUT = "8";

// Each test waits out a switch, a confirm window and a revert, some a dashboard restart, on a shared machine.
test.describe.configure({ timeout: 180_000 });

let dashboard: Dashboard;
let world: NixWorld;
const agents: Agent[] = [];
const proxies: NetworkSwitch[] = [];

test.beforeAll(async () => {
  world = new NixWorld();
  dashboard = await startDashboard();
});

test.afterAll(async () => {
  await Promise.all(agents.map((agent) => agent.stop("SIGKILL")));
  for (const proxy of proxies) proxy.close();
  await dashboard?.stop();
});

function agent(hostname: string, control: HostControl, url = dashboard.url, stateDir?: string, env: Record<string, string> = {}): Agent {
  const started = startAgent({
    url,
    token: dashboard.agentToken,
    hostname,
    stateDir,
    flags: ["--isolated-repo-mode", "--repo-url", world.origin],
    env: { ...world.agentEnv(control), NIXFLEET_CONFIRM_TIMEOUT: CONFIRM_TIMEOUT, ...env },
  });
  agents.push(started);
  return started;
}

async function api(page: Page): Promise<FleetApi> {
  await logIn(page, dashboard);
  return new FleetApi(page.request, dashboard.url);
}

/** The host page shows the rolled-back switch: S red with the generation and the reason, and the history's state. */
async function expectRolledBackOnPage(page: Page, host: string): Promise<void> {
  await page.goto(`${dashboard.url}/hosts/${host}`);
  await expect(page.getByLabel(/^S: rolled back from generation 2 at .* UTC: no confirmation from the dashboard within 8 s after the switch/).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("rolled back", { exact: true }).first()).toBeVisible({ timeout: 30_000 });
}

test("(b) a switch whose new generation cuts the host off from the dashboard is reverted by the watchdog; the host comes back on the old generation", async ({ page }) => {
  const fleet = await api(page);
  const control = world.host("cut-1", SYSTEM_A);
  const blockFile = path.join(control.dir, "network-blocked");
  const { proxy, url } = await NetworkSwitch.start(blockFile, dashboard.port);
  proxies.push(proxy);
  // The new generation blocks the dashboard's port for the host; the old one opens it again.
  control.system.setActivationHook(SYSTEM_B, `touch "${blockFile}"`);
  control.system.setActivationHook(SYSTEM_A, `rm -f "${blockFile}"`);
  control.set("switch.activates", SYSTEM_B);
  agent("cut-1", control, url);
  await fleet.waitForHost("cut-1", (h) => h.online);
  await fleet.run("cut-1", "pull", 60_000);

  const switched = await fleet.run("cut-1", "switch", 90_000);
  expect(switched).toMatchObject({
    state: "rolled-back",
    rollback: { fromGeneration: 2, toGeneration: 1, reason: expect.stringMatching(/^no confirmation from the dashboard within 8 s after the switch/) },
    confirmedAt: null,
  });
  const host = await fleet.waitForHost("cut-1", (h) => h.online && h.currentSystem === SYSTEM_A);
  expect(host.indicators.find((i) => i.letter === "S")?.color).toBe("red");
  expect(control.system.profileNumber()).toBe(1);
  const lines = await fleet.output(switched.id);
  expect(lines).toEqual(expect.arrayContaining([
    expect.stringMatching(/^confirm-or-revert: generation 1 recorded/),
    "watchdog: no confirmation from the dashboard within 8 s after the switch: switching back",
    `activating ${SYSTEM_A}`,
  ]));
  await expectRolledBackOnPage(page, "cut-1");
});

test("(c) a switch that kills the agent, whose new agent never starts, is reverted; the restarted agent reports it rolled back", async ({ page }) => {
  const fleet = await api(page);
  const control = world.host("kill-1", SYSTEM_A);
  control.set("switch.activates", SYSTEM_B);
  const first = agent("kill-1", control);
  await fleet.waitForHost("kill-1", (h) => h.online);
  await fleet.run("kill-1", "pull", 60_000);
  // The new generation kills the agent (and nothing starts it again: its service is broken).
  control.system.setActivationHook(SYSTEM_B, `kill -9 ${first.child.pid}`);

  const started = await fleet.command("kill-1", "switch");
  expect(started.status).toBe(201);
  await first.exited;
  await expect.poll(() => control.system.current(), { timeout: 60_000 }).toBe(SYSTEM_A);

  // The service manager starts the old generation's agent again.
  agent("kill-1", control, dashboard.url, first.stateDir);
  const host = await fleet.waitForHost("kill-1", (h) => h.lastCommand?.id === started.body.command?.id && h.lastCommand?.state === "rolled-back", 60_000);
  expect(host.lastCommand?.rollback).toMatchObject({ fromGeneration: 2, toGeneration: 1 });
  expect(host.currentSystem).toBe(SYSTEM_A);
  await expectRolledBackOnPage(page, "kill-1");
});

test("a switch that keeps the dashboard reachable is confirmed over a new connection and stays", async ({ page }) => {
  const fleet = await api(page);
  const control = world.host("ok-1", SYSTEM_A);
  control.set("switch.activates", SYSTEM_B);
  agent("ok-1", control);
  await fleet.waitForHost("ok-1", (h) => h.online);
  await fleet.run("ok-1", "pull", 60_000);
  const switched = await fleet.run("ok-1", "switch", 60_000);
  expect(switched.state).toBe("succeeded");
  expect(switched.confirmedAt).toEqual(expect.any(Number));
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  expect(control.system.current()).toBe(SYSTEM_B);
});

test("(d) a switch whose host tests fail, with rollback-on-test-failure, ends rolled back", async ({ page }) => {
  const fleet = await api(page);
  const control = world.host("gate-1", SYSTEM_A);
  control.set("switch.activates", SYSTEM_B);
  world.write("hosts/gate-1/tests/T1-web.sh", "#!/bin/sh\necho 'web: connection refused'\nexit 1\n", 0o755);
  world.commit("gate-1: a test that fails");
  agent("gate-1", control, dashboard.url, undefined, { NIXFLEET_ROLLBACK_ON_TEST_FAILURE: "true" });
  await fleet.waitForHost("gate-1", (h) => h.online);
  await fleet.run("gate-1", "pull", 60_000);

  const switched = await fleet.run("gate-1", "switch", 90_000);
  expect(switched).toMatchObject({
    state: "rolled-back",
    rollback: { fromGeneration: 2, toGeneration: 1, reason: "the host's tests failed: T1-web.sh" },
    confirmedAt: expect.any(Number),
  });
  expect(control.system.current()).toBe(SYSTEM_A);
  expect(await fleet.output(switched.id)).toEqual(expect.arrayContaining(["web: connection refused", `activating ${SYSTEM_A}`]));
});

test("a switch confirmed with 'run the host's tests' unchecked is not failed by a failing test", async ({ page }) => {
  const fleet = await api(page);
  const control = world.host("nogate-1", SYSTEM_A);
  control.set("switch.activates", SYSTEM_B);
  world.write("hosts/nogate-1/tests/T1-web.sh", "#!/bin/sh\necho 'web: connection refused'\nexit 1\n", 0o755);
  world.commit("nogate-1: a test that fails");
  // Even with rollback-on-test-failure: the gate that is off does not run the tests at all.
  agent("nogate-1", control, dashboard.url, undefined, { NIXFLEET_ROLLBACK_ON_TEST_FAILURE: "true" });
  await fleet.waitForHost("nogate-1", (h) => h.online);
  const pulled = await fleet.run("nogate-1", "pull", 60_000);

  await page.goto(dashboard.url);
  await page.getByLabel("Select nogate-1").check();
  await page.getByRole("toolbar", { name: "Bulk actions" }).getByRole("button", { name: "Switch", exact: true }).click();
  const sheet = page.locator("[data-bulk-confirm]");
  const runTests = sheet.getByRole("checkbox", { name: /Run the host's tests after the switch/ });
  await expect(runTests).toBeChecked();
  await runTests.uncheck();
  await sheet.getByRole("button", { name: "Run switch" }).click();

  const host = await fleet.waitForHost("nogate-1", (h) => h.lastCommand?.id !== pulled.id && h.lastCommand?.type === "switch" && h.lastCommand.state === "succeeded", 90_000);
  const output = await fleet.output(host.lastCommand!.id);
  expect(output).toContain("health gate: off for this switch (runTests: false): the host's test does not run");
  expect(output).not.toContain("web: connection refused");
  expect(control.system.current()).toBe(SYSTEM_B);
});

/** Stops the dashboard and starts it again on the same port, data and secrets (as a service restart). */
async function restartDashboard(whileDown: () => Promise<void>): Promise<void> {
  await dashboard.stop();
  await whileDown();
  dashboard = await startDashboard({ port: dashboard.port, dataDir: dashboard.dataDir, secrets: dashboard as Dashboard & { sessionSecret: string } });
}

test("a dashboard down during the whole confirm window causes a revert (the intended trade-off)", async ({ page }) => {
  let fleet = await api(page);
  const control = world.host("away-1", SYSTEM_A);
  control.set("switch.activates", SYSTEM_B);
  control.set("switch.sleep", 5);
  agent("away-1", control);
  await fleet.waitForHost("away-1", (h) => h.online);
  await fleet.run("away-1", "pull", 60_000);
  const started = await fleet.command("away-1", "switch");
  expect(started.status).toBe(201);
  await restartDashboard(async () => {
    await expect.poll(() => control.system.current(), { timeout: 60_000 }).toBe(SYSTEM_B);
    await expect.poll(() => control.system.current(), { timeout: 60_000 }).toBe(SYSTEM_A);
  });
  fleet = await api(page);
  const host = await fleet.waitForHost("away-1", (h) => h.lastCommand?.id === started.body.command?.id && h.lastCommand?.state === "rolled-back", 60_000);
  expect(host.lastCommand).toMatchObject({ confirmedAt: null, rollback: { fromGeneration: 2, toGeneration: 1 } });
});

test("a dashboard restart in the middle of the confirm window does not revert", async ({ page }) => {
  let fleet = await api(page);
  const control = world.host("restart-1", SYSTEM_A);
  control.set("switch.activates", SYSTEM_B);
  control.set("switch.sleep", 5);
  // Long enough for a dashboard restart on a loaded machine; what matters is that the restart falls inside it.
  agent("restart-1", control, dashboard.url, undefined, { NIXFLEET_CONFIRM_TIMEOUT: "60" });
  await fleet.waitForHost("restart-1", (h) => h.online);
  await fleet.run("restart-1", "pull", 60_000);
  const started = await fleet.command("restart-1", "switch");
  expect(started.status).toBe(201);
  await restartDashboard(() => expect.poll(() => control.system.current(), { timeout: 60_000 }).toBe(SYSTEM_B));
  fleet = await api(page);
  const host = await fleet.waitForHost("restart-1", (h) => h.lastCommand?.id === started.body.command?.id && h.lastCommand?.state === "succeeded", 90_000);
  expect(host.lastCommand?.confirmedAt).toEqual(expect.any(Number));
  expect(host.currentSystem).toBe(SYSTEM_B);
  expect(control.system.current()).toBe(SYSTEM_B);
});
