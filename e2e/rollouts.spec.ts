import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import type { RolloutPlanInput, RolloutView } from "../lib/protocol/rollouts";
import { startAgent, type Agent } from "./fixtures/agent";
import { logIn, startDashboard, type Dashboard } from "./fixtures/dashboard";
import { FleetApi } from "./fixtures/fleet-api";
import { NixWorld, SYSTEM_A, SYSTEM_B, type HostControl } from "./fixtures/nix-world";
import { seedLargeRollout } from "./fixtures/seed-rollout";
import { shootSchemes } from "./fixtures/screenshots";

/**
 * Rollouts over six real agents (built executables) and a real git origin, with the fake Nix tools:
 * waves in order behind their gates, a failing canary that stops everything, operator control, and a
 * dashboard killed mid-wave that resumes without starting a host twice.
 */

const HOSTS = ["ro-1", "ro-2", "ro-3", "ro-4", "ro-5", "ro-6"];

let dashboard: Dashboard & { sessionSecret: string };
let world: NixWorld;
const controls = new Map<string, HostControl>();
const agents: Agent[] = [];

test.describe.configure({ mode: "serial", timeout: 180_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  world = new NixWorld();
  dashboard = await startDashboard();
  for (const name of HOSTS) {
    const control = world.host(name);
    control.set("switch.lines", 2);
    controls.set(name, control);
    agents.push(
      startAgent({
        url: dashboard.url,
        token: dashboard.agentToken,
        hostname: name,
        executable: true,
        flags: ["--isolated-repo-mode", "--repo-url", world.origin, "--tags", name === "ro-1" ? "canary,web" : "web"],
        env: world.agentEnv(control),
      }),
    );
  }
});

test.afterAll(async () => {
  await Promise.all(agents.map((agent) => agent.stop("SIGKILL")));
  await dashboard?.stop();
});

class RolloutApi {
  constructor(
    private readonly request: APIRequestContext,
    private readonly url: () => string,
  ) {}

  async start(plan: RolloutPlanInput, hosts = HOSTS): Promise<RolloutView> {
    const response = await this.request.post(`${this.url()}/api/rollouts`, {
      data: { scope: { kind: "hosts", hosts }, plan },
      headers: { origin: this.url() },
    });
    expect(response.status(), await response.text()).toBe(201);
    return ((await response.json()) as { rollout: RolloutView }).rollout;
  }

  async get(id: string): Promise<RolloutView> {
    const response = await this.request.get(`${this.url()}/api/rollouts/${id}`);
    expect(response.status(), await response.text()).toBe(200);
    return ((await response.json()) as { rollout: RolloutView }).rollout;
  }

  async control(id: string, control: string): Promise<number> {
    const response = await this.request.post(`${this.url()}/api/rollouts/${id}`, { data: { control }, headers: { origin: this.url() } });
    return response.status();
  }

  async waitFor(id: string, predicate: (rollout: RolloutView) => boolean, timeoutMs = 90_000): Promise<RolloutView> {
    let last: RolloutView | undefined;
    try {
      await expect
        .poll(async () => {
          last = await this.get(id).catch(() => undefined);
          return last !== undefined && predicate(last);
        }, { timeout: timeoutMs, intervals: [200, 500] })
        .toBe(true);
    } catch (error) {
      throw new Error(`${String(error)}\nthe rollout as last seen: ${JSON.stringify(last?.state)}`, { cause: error });
    }
    return last!;
  }
}

async function apis(page: Page): Promise<{ fleet: FleetApi; rollouts: RolloutApi }> {
  await logIn(page, dashboard);
  return { fleet: new FleetApi(page.request, dashboard.url), rollouts: new RolloutApi(page.request, () => dashboard.url) };
}

const switches = (name: string) => controls.get(name)!.calls().filter((call) => call.startsWith("nixos-rebuild")).length;
const switchCounts = () => Object.fromEntries(HOSTS.map((name) => [name, switches(name)]));
const hostOf = (rollout: RolloutView, name: string) => rollout.state.hosts.find((host) => host.name === name)!;

async function allOnline(fleet: FleetApi): Promise<void> {
  for (const name of HOSTS) await fleet.waitForHost(name, (host) => host.online, 60_000);
}

test("(a) a canary of one and two waves succeed in order: no wave starts before the previous gate passed", async ({ page }) => {
  const { fleet, rollouts } = await apis(page);
  await allOnline(fleet);
  for (const control of controls.values()) control.set("switch.sleep", 1);
  const before = switchCounts();
  const started = await rollouts.start({ canary: { count: 1 }, waves: { by: "count", size: 3 }, failedHosts: "leave" });
  expect(started.state.waves).toHaveLength(3);
  const done = await rollouts.waitFor(started.id, (r) => r.state.status === "succeeded");

  expect(done.state.waves.map((wave) => wave.gate)).toEqual(["passed", "passed", "passed"]);
  expect(done.state.hosts.every((host) => host.step === "succeeded" && host.commandIds.length === 1)).toBe(true);
  // Each host's command was created after the gate of the wave before its own.
  for (const host of done.state.hosts) {
    const { commands } = await fleet.host(host.name);
    const command = commands.find((c) => c.id === host.commandIds[0])!;
    expect(command).toMatchObject({ type: "pull-switch", state: "succeeded" });
    if (host.wave > 0) expect(command.createdAt).toBeGreaterThanOrEqual(done.state.waves[host.wave - 1]!.gateAt!);
  }
  for (const wave of done.state.waves.slice(1)) {
    expect(wave.startedAt).toBeGreaterThanOrEqual(done.state.waves[wave.index - 1]!.gateAt!);
  }
  expect(switchCounts()).toEqual(Object.fromEntries(HOSTS.map((name) => [name, before[name]! + 1])));
  // The dashboard's log: each gate passed before the next wave's first command was created.
  const log = dashboard.process.output;
  const gateLines = log.map((line, i) => [line, i] as const).filter(([line]) => line.includes("event=rollout.gate") && line.includes(started.id));
  expect(gateLines).toHaveLength(3);

  await page.goto(`${dashboard.url}/rollouts/${started.id}`);
  await expect(page.locator("[data-rollout-status]")).toHaveText("Succeeded");
  await expect(page.getByRole("region", { name: "Canary" })).toHaveAttribute("data-gate", "passed");
  await expect(page.getByRole("region", { name: "Wave 2" }).locator("[data-step=succeeded]")).toHaveCount(2);
  await page.goto(`${dashboard.url}/rollouts`);
  await expect(page.locator(`[data-rollout-row="${started.id}"]`)).toContainText("Succeeded");
});

test("(b) a commit whose tests fail on the canary stops the rollout after the canary; no other host is touched", async ({ page }) => {
  const { fleet, rollouts } = await apis(page);
  await allOnline(fleet);
  world.write("hosts/ro-3/tests/T01-health.sh", "#!/bin/sh\necho unhealthy\nexit 1\n", 0o755);
  world.commit("ro-3's health check fails");
  // The switch makes a new generation (2), so the canary has one to return from.
  const canary = controls.get("ro-3")!;
  canary.set("switch.activates", SYSTEM_B);
  const before = switchCounts();
  const started = await rollouts.start({ canary: { hosts: ["ro-3"] }, waves: { by: "percent", size: 50 }, runTests: true });
  const stopped = await rollouts.waitFor(started.id, (r) => r.state.status === "stopped" && hostOf(r, "ro-3").step === "rolled-back");

  expect(stopped.state.waves[0]!.gate).toBe("failed");
  expect(stopped.state.reason).toMatch(/canary failed/);
  // The agent's health gate ran the host's tests after the switch and failed it; the rollout then
  // rolled the canary back (its default policy): the pull-switch, then the rollback.
  expect(hostOf(stopped, "ro-3")).toMatchObject({ step: "rolled-back", reason: expect.stringMatching(/^pull-switch failed/) });
  expect(hostOf(stopped, "ro-3").commandIds).toHaveLength(2);
  expect(canary.system.profileNumber()).toBe(1);
  canary.set("switch.activates", SYSTEM_A);
  for (const host of stopped.state.hosts.filter((h) => h.name !== "ro-3")) expect(host).toMatchObject({ step: "waiting", commandIds: [] });
  expect(switchCounts()).toEqual({ ...before, "ro-3": before["ro-3"]! + 1 });

  world.write("hosts/ro-3/tests/T01-health.sh", "#!/bin/sh\necho healthy\n", 0o755);
  world.commit("ro-3 healthy again");
});

test("(c) pause holds the next wave, resume goes on, abort stops the running command and starts nothing more", async ({ page }) => {
  const { fleet, rollouts } = await apis(page);
  await allOnline(fleet);
  for (const control of controls.values()) control.set("switch.sleep", 3);
  const started = await rollouts.start({ action: "pull-switch", canary: { count: 1 }, waves: { by: "count", size: 5 }, maxParallel: 1, failedHosts: "leave" });
  const canary = started.state.hosts.find((host) => host.wave === 0)!.name;
  await rollouts.waitFor(started.id, (r) => hostOf(r, canary).step === "running");
  expect(await rollouts.control(started.id, "pause")).toBe(200);
  const paused = await rollouts.waitFor(started.id, (r) => hostOf(r, canary).step === "succeeded");
  expect(paused.state).toMatchObject({ status: "paused", wave: 0 });
  // The UI shows the paused rollout and offers Resume; the wave after the canary has not started.
  await page.goto(`${dashboard.url}/rollouts/${started.id}`);
  await expect(page.locator("[data-rollout-status]")).toHaveText("Paused");
  await expect(page.getByRole("region", { name: "Wave 1" }).locator("[data-step=waiting]")).toHaveCount(5);
  expect((await rollouts.get(started.id)).state.hosts.filter((h) => h.wave === 1 && h.step !== "waiting")).toEqual([]);

  await page.getByRole("button", { name: "Resume" }).click();
  const resumed = await rollouts.waitFor(started.id, (r) => r.state.hosts.some((h) => h.wave === 1 && h.step === "running"));
  expect(resumed.state.status).toBe("running");

  // Abort asks first: kept running, nothing is stopped. (The hosts of wave 1 run one at a time, so which
  // one the abort stops is read from the rollout afterwards.)
  await page.getByRole("button", { name: "Abort" }).click();
  const confirm = page.locator("[data-abort-confirm]");
  await expect(confirm).toContainText(/The commands running on 1 host are stopped; [1-4] hosts? still waiting will not be started/);
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  expect((await rollouts.get(started.id)).state.status).toBe("running");
  await page.getByRole("button", { name: "Abort" }).click();
  await confirm.getByRole("button", { name: "Abort rollout" }).click();
  const aborted = await rollouts.waitFor(started.id, (r) => r.state.status === "aborted" && r.state.hosts.every((h) => h.step !== "running" && h.step !== "starting"));
  const wave1 = aborted.state.hosts.filter((h) => h.wave === 1);
  const stopped = wave1.filter((h) => h.step === "failed");
  expect(stopped).toHaveLength(1);
  const { commands } = await fleet.host(stopped[0]!.name);
  expect(commands.find((c) => c.id === stopped[0]!.commandIds[0])).toMatchObject({ state: "cancelled" });
  // Nothing started after the abort: every host of wave 1 but those that ran before it still waits.
  const ran = wave1.filter((h) => h.commandIds.length > 0);
  expect(ran.filter((h) => h.step !== "succeeded")).toEqual(stopped);
  expect(wave1.filter((h) => h.step === "waiting")).toHaveLength(5 - ran.length);
  expect(ran.length).toBeLessThanOrEqual(2);
  await expect(page.locator("[data-rollout-status]")).toHaveText("Aborted");
});

test("(d) a dashboard killed mid-wave resumes the rollout after its restart and finishes it; no host runs twice", async ({ page }) => {
  const { fleet, rollouts } = await apis(page);
  await allOnline(fleet);
  for (const control of controls.values()) control.set("switch.sleep", 4);
  const before = switchCounts();
  const started = await rollouts.start({ action: "pull-switch", canary: { count: 1 }, waves: { by: "count", size: 5 }, maxParallel: 2, failedHosts: "leave" });
  await rollouts.waitFor(started.id, (r) => r.state.wave === 1 && r.state.hosts.some((h) => h.wave === 1 && h.step === "running"));

  await dashboard.process.stop("SIGKILL");
  dashboard = await startDashboard({ dataDir: dashboard.dataDir, port: dashboard.port, secrets: dashboard });
  await dashboard.process.waitForLine(new RegExp(`event=rollout.resumed.*${started.id}`), 30_000);

  const done = await rollouts.waitFor(started.id, (r) => r.state.status === "succeeded", 120_000);
  expect(done.state.hosts.every((host) => host.step === "succeeded" && host.commandIds.length === 1)).toBe(true);
  expect(switchCounts()).toEqual(Object.fromEntries(HOSTS.map((name) => [name, before[name]! + 1])));
});

test("(f) curl with a rollouts-scoped API token starts a rollout, and that token can do nothing else", async ({ page }) => {
  const { fleet, rollouts } = await apis(page);
  await allOnline(fleet);
  for (const control of controls.values()) control.set("switch.sleep", 0);
  const created = await page.request.post(`${dashboard.url}/api/api-tokens`, { data: { name: "ci", scopes: ["rollouts"] }, headers: { origin: dashboard.url } });
  expect(created.status(), await created.text()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  const curl = (method: string, path: string, body?: unknown): { status: number; body: string } => {
    const out = execFileSync("curl", [
      "-sS", "-X", method, "-w", "\n%{http_code}", "-H", `Authorization: Bearer ${token}`, "-H", "Content-Type: application/json",
      ...(body === undefined ? [] : ["--data", JSON.stringify(body)]), `${dashboard.url}${path}`,
    ], { encoding: "utf8" });
    const lines = out.trimEnd().split("\n");
    return { status: Number(lines.pop()), body: lines.join("\n") };
  };

  const started = curl("POST", "/api/rollouts", { scope: { kind: "tag", tag: "canary" }, plan: { canary: { count: 1 } } });
  expect(started.status, started.body).toBe(201);
  const { rollout } = JSON.parse(started.body) as { rollout: RolloutView };
  expect(rollout.state.hosts.map((host) => host.name)).toEqual(["ro-1"]);
  await rollouts.waitFor(rollout.id, (r) => r.state.status === "succeeded");

  for (const [method, path, body] of [
    ["GET", "/api/rollouts", undefined],
    ["GET", `/api/rollouts/${rollout.id}`, undefined],
    ["POST", `/api/rollouts/${rollout.id}`, { control: "pause" }],
    ["POST", "/api/hosts/ro-1/commands", { type: "switch" }],
    ["GET", "/api/hosts", undefined],
  ] as const) {
    expect(curl(method, path, body).status, `${method} ${path}`).toBe(403);
  }
});

test("screenshots of the rollout page: desktop and phone, light and dark", async ({ page }) => {
  const { fleet, rollouts } = await apis(page);
  await allOnline(fleet);
  const started = await rollouts.start({ canary: { count: 2 }, waves: { by: "count", size: 2 }, manualApproval: true });
  await rollouts.waitFor(started.id, (r) => r.state.status === "awaiting-approval");
  await page.goto(`${dashboard.url}/rollouts/${started.id}`);
  await expect(page.getByRole("button", { name: "Continue" })).toBeVisible();
  await shootSchemes(page, "rollout");
  await page.getByRole("button", { name: "Continue" }).click();
  await rollouts.waitFor(started.id, (r) => r.state.wave === 1);
  expect(await rollouts.control(started.id, "abort")).toBe(200);
});

test("the rollout page at 500 hosts: waves summarised by state, only failed and running chips until expanded; desktop and phone", async ({ page }) => {
  const seeded = await seedLargeRollout(dashboard.dataDir, 500);
  await logIn(page, dashboard);
  await page.goto(`${dashboard.url}/rollouts/${seeded.id}`);
  await expect(page.locator("[data-rollout-status]")).toHaveText("Paused");
  const current = page.getByRole("region", { name: "Wave 4" });
  await expect(current.getByRole("list", { name: "Wave 4: hosts by state" })).toHaveText(/^3 failed\s*1 rolled back\s*10 running\s*30 waiting\s*6 succeeded$/);
  // Only the failed, rolled-back and running hosts show as chips, failed first; the rest wait behind the expander.
  const chips = current.locator("[data-step]");
  await expect(chips).toHaveCount(14);
  await expect(chips.first()).toHaveAttribute("data-step", "failed");
  await expect(chips.nth(4)).toHaveAttribute("data-step", "running");
  // A wave that passed clean, or has not started, shows its counts only; the small canary shows its chips.
  await expect(page.getByRole("region", { name: "Wave 1" }).locator("[data-step]")).toHaveCount(0);
  await expect(page.locator("[data-step]")).toHaveCount(5 + 14);
  await shootSchemes(page, "rollout-500", {
    // No wider than the phone: nothing scrolls sideways.
    ready: async (device) => {
      if (device === "phone") expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    },
  });
  await current.getByRole("button", { name: "Show 36 more hosts" }).click();
  await expect(chips).toHaveCount(50);
  await current.getByRole("button", { name: "Show fewer hosts" }).click();
  await expect(chips).toHaveCount(14);
});

test("(e) with the GitOps policy turned on in the settings panel, a new fleet target starts a rollout of it by itself", async ({ page }) => {
  let version = { gitCommit: world.head(), repo: world.origin, branch: "main", message: "baseline", timestamp: new Date().toISOString() };
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(version));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await dashboard.process.stop();
    dashboard = await startDashboard({
      dataDir: dashboard.dataDir,
      port: dashboard.port,
      secrets: dashboard,
      env: {
        NIXFLEET_VERSION_URL: `http://127.0.0.1:${port}/version.json`,
      },
    });
    const { fleet, rollouts } = await apis(page);
    await allOnline(fleet);
    // Off until an admin turns it on in the panel, for the hosts of the tag "canary".
    await page.goto(`${dashboard.url}/settings`);
    const panel = page.locator("[data-gitops-settings]");
    await expect(panel).toHaveAttribute("data-enabled", "false");
    await panel.getByLabel("Roll out each new fleet target automatically").check();
    await panel.getByLabel("Hosts", { exact: true }).selectOption("tag:canary");
    await panel.getByLabel("Canary", { exact: true }).fill("1");
    await panel.getByRole("button", { name: "Save policy" }).click();
    await expect(panel).toHaveAttribute("data-enabled", "true");
    await expect(panel.getByRole("status")).toHaveText("Saved: the next fleet target is rolled out with this plan.");
    const before = (await (await page.request.get(`${dashboard.url}/api/rollouts`)).json()) as { rollouts: { id: string }[] };

    world.write("hosts/ro-1/gitops.nix", "{ }\n");
    const next = world.commit("a new fleet target");
    version = { ...version, gitCommit: next, message: "a new fleet target" };
    await page.goto(`${dashboard.url}/`);
    await page.getByRole("button", { name: "Refresh" }).click();

    let id = "";
    await expect
      .poll(async () => {
        const list = (await (await page.request.get(`${dashboard.url}/api/rollouts`)).json()) as { rollouts: { id: string; requestedBy: string; targetCommit: string | null }[] };
        id = list.rollouts.find((r) => r.requestedBy === "gitops" && r.targetCommit === next)?.id ?? "";
        return list.rollouts.length === before.rollouts.length + 1 && id !== "";
      }, { timeout: 30_000 })
      .toBe(true);
    const done = await rollouts.waitFor(id, (r) => r.state.status === "succeeded");
    expect(done.state.hosts.map((host) => host.name)).toEqual(["ro-1"]);
    await fleet.waitForHost("ro-1", (host) => host.headCommit === next);
  } finally {
    server.close();
  }
});
