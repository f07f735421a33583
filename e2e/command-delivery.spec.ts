import { expect, test } from "@playwright/test";
import { startAgent, type Agent } from "./fixtures/agent";
import { logIn, startDashboard, type Dashboard } from "./fixtures/dashboard";
import { FleetApi } from "./fixtures/fleet-api";
import { NixWorld } from "./fixtures/nix-world";

// Each test here stops and restarts things (the dashboard, an agent): they get their own dashboard.
let dashboard: Dashboard & { sessionSecret: string };
let world: NixWorld;
const agents: Agent[] = [];

test.beforeEach(async () => {
  world = new NixWorld();
  dashboard = await startDashboard();
});

test.afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.stop("SIGKILL")));
  await dashboard?.stop();
});

function agent(hostname: string, flags: string[], env: Record<string, string>, stateDir?: string): Agent {
  const started = startAgent({ url: dashboard.url, token: dashboard.agentToken, hostname, flags, env, stateDir });
  agents.push(started);
  return started;
}

test("output printed while the dashboard is down arrives once and in order when it is back", async ({ page }) => {
  test.setTimeout(180_000);
  const control = world.host("busy-1");
  control.set("switch.lines", 10_000);
  control.set("switch.sleep", 3);
  agent("busy-1", ["--isolated-repo-mode", "--repo-url", world.origin], world.agentEnv(control));
  await logIn(page, dashboard);
  let fleet = new FleetApi(page.request, dashboard.url);
  await fleet.waitForHost("busy-1", (h) => h.online);
  await fleet.run("busy-1", "pull");

  const started = await fleet.command("busy-1", "switch");
  expect(started.status).toBe(201);
  expect(await dashboard.stop()).toBe(0);

  await new Promise((r) => setTimeout(r, 4_000));
  dashboard = await startDashboard({ dataDir: dashboard.dataDir, port: dashboard.port, secrets: dashboard });
  await logIn(page, dashboard);
  fleet = new FleetApi(page.request, dashboard.url);
  const id = started.body.command!.id;
  const host = await fleet.waitForHost("busy-1", (h) => h.lastCommand?.id === id && h.lastCommand.state === "succeeded", 90_000);
  expect(host.lastCommand).toMatchObject({ state: "succeeded", exitCode: 0 });

  const lines = await fleet.output(id);
  const steps = lines.filter((line) => line.startsWith("building step "));
  expect(steps).toHaveLength(10_000);
  expect(steps.every((line, i) => line === `building step ${i + 1}`)).toBe(true);
  expect(lines.filter((line) => line === "done")).toHaveLength(1);
});

test("Home Manager: home-manager runs detached, and an agent killed mid-switch reports the whole output after it restarts", async ({ page }) => {
  test.setTimeout(120_000);
  const control = world.host("mac-1");
  control.set("switch.lines", 5);
  control.set("switch.sleep", 4);
  const flags = ["--isolated-repo-mode", "--repo-url", world.origin, "--platform", "home-manager"];
  const first = agent("mac-1", flags, world.agentEnv(control));
  await logIn(page, dashboard);
  const fleet = new FleetApi(page.request, dashboard.url);
  await fleet.waitForHost("mac-1", (h) => h.online);
  await fleet.run("mac-1", "pull");

  const started = await fleet.command("mac-1", "switch");
  expect(started.status).toBe(201);
  const id = started.body.command!.id;
  await expect.poll(() => control.calls().some((c) => c.startsWith("home-manager switch --flake"))).toBe(true);
  await first.stop("SIGKILL");
  await fleet.waitForHost("mac-1", (h) => !h.online && h.lastCommand?.state === "awaiting-reconnect");

  agent("mac-1", flags, world.agentEnv(control), first.stateDir);
  const host = await fleet.waitForHost("mac-1", (h) => h.lastCommand?.id === id && h.lastCommand.state === "succeeded", 60_000);
  expect(host.online).toBe(true);
  expect(control.calls().filter((c) => c.startsWith("home-manager"))).toEqual([expect.stringMatching(/^home-manager switch --flake \S+#mac-1$/)]);
  const lines = await fleet.output(id);
  expect(lines).toEqual(expect.arrayContaining(["building step 1", "building step 5", "done"]));
  expect(new Set(lines).size).toBe(lines.length);
});
