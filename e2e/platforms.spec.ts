import { createServer, type Server } from "node:http";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { startAgent, type Agent } from "./fixtures/agent";
import { logIn, startDashboard, type Dashboard } from "./fixtures/dashboard";
import { FleetApi } from "./fixtures/fleet-api";
import { NixWorld } from "./fixtures/nix-world";

// Platforms and repository detection (issue 17) and the NixOS switch in its own unit (issue 13):
// one dashboard whose fleet target, a version.json served by the test, names the world's origin.
let dashboard: Dashboard;
let world: NixWorld;
let versionServer: Server;
const agents: Agent[] = [];

test.beforeAll(async () => {
  world = new NixWorld();
  versionServer = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ repo: world.origin, gitCommit: world.head(), message: "fleet target", branch: "main", timestamp: new Date().toISOString() }));
  }).listen(0, "127.0.0.1");
  await once(versionServer, "listening");
  const address = versionServer.address();
  const port = typeof address === "object" && address ? address.port : 0;
  dashboard = await startDashboard({ env: { NIXFLEET_VERSION_URL: `http://127.0.0.1:${port}/version.json` } });
});

test.afterAll(async () => {
  await Promise.all(agents.map((agent) => agent.stop("SIGKILL")));
  await dashboard?.stop();
  versionServer?.close();
});

function agent(hostname: string, flags: string[], stateDir?: string): Agent {
  const started = startAgent({ url: dashboard.url, token: dashboard.agentToken, hostname, flags, stateDir, env: world.agentEnv(world.host(hostname)) });
  agents.push(started);
  return started;
}

async function api(page: import("@playwright/test").Page): Promise<FleetApi> {
  await logIn(page, dashboard);
  return new FleetApi(page.request, dashboard.url);
}

test("an agent in isolated mode without --repo-url clones the fleet target's repository and pulls", async ({ page }) => {
  test.setTimeout(120_000);
  const fleet = await api(page);
  const started = agent("auto-1", []);
  await fleet.waitForHost("auto-1", (h) => h.online && h.repoUrl === world.origin && h.repoUrlSource === "fleet-target");
  await started.waitForLine(/event=repo_url\.chosen .*source=fleet-target/);

  expect(await fleet.run("auto-1", "pull")).toMatchObject({ state: "succeeded", exitCode: 0 });
  await fleet.waitForHost("auto-1", (h) => h.headCommit === world.head());

  await page.goto(`${dashboard.url}/hosts/auto-1`);
  // The page fills in from the browser socket: give a loaded machine its time.
  await expect(page.getByText("from the fleet target (version.json)")).toBeVisible({ timeout: 30_000 });
});

test("a nix-darwin host switches with darwin-rebuild and shows as nix-darwin", async ({ page }) => {
  const fleet = await api(page);
  agent("darwin-1", ["--platform", "darwin"]);
  await fleet.waitForHost("darwin-1", (h) => h.online && h.platform === "darwin");
  await fleet.run("darwin-1", "pull");
  expect(await fleet.run("darwin-1", "switch")).toMatchObject({ state: "succeeded", exitCode: 0 });
  expect(world.host("darwin-1").calls().filter((call) => /^(darwin|nixos)-rebuild|^home-manager/.test(call))).toEqual([
    expect.stringMatching(/^darwin-rebuild switch --flake \S+#darwin-1$/),
  ]);
  await page.goto(`${dashboard.url}/`);
  await expect(page.locator('[data-host="darwin-1"]')).toContainText("nix-darwin");
});

test("a Home Manager host on Linux shows as Home Manager with its Linux release on the fleet page", async ({ page }) => {
  const fleet = await api(page);
  agent("hm-1", ["--platform", "home-manager"]);
  const linux = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? "";
  const host = await fleet.waitForHost("hm-1", (h) => h.online);
  expect(host).toMatchObject({ platform: "home-manager", osVersion: linux });
  await page.goto(`${dashboard.url}/`);
  const row = page.locator('[data-host="hm-1"]');
  await expect(row).toContainText("Home Manager");
  await expect(row).toContainText(linux);
});

test("the NixOS switch runs in a unit of its own, survives kill -9 of the agent, and its result arrives after the restart", async ({ page }) => {
  test.setTimeout(120_000);
  const fleet = await api(page);
  const control = world.host("unit-1");
  control.set("switch.lines", 5);
  control.set("switch.sleep", 4);
  const first = agent("unit-1", []);
  await fleet.waitForHost("unit-1", (h) => h.online);
  await fleet.run("unit-1", "pull");

  const started = await fleet.command("unit-1", "switch");
  expect(started.status).toBe(201);
  const id = started.body.command!.id;
  await expect.poll(() => control.calls().some((call) => call.startsWith("nixos-rebuild switch --flake"))).toBe(true);
  await first.stop("SIGKILL");
  await fleet.waitForHost("unit-1", (h) => !h.online && h.lastCommand?.state === "awaiting-reconnect");

  agent("unit-1", [], first.stateDir);
  const host = await fleet.waitForHost("unit-1", (h) => h.lastCommand?.id === id && h.lastCommand.state === "succeeded", 60_000);
  expect(host.online).toBe(true);
  // The confirm-or-revert watchdog gets a unit of its own too, started before the switch.
  expect(control.calls().filter((call) => /^(systemd-run|nixos-rebuild)/.test(call))).toEqual([
    `systemd-run --unit=nixfleet-watchdog-${id}`,
    `systemd-run --unit=nixfleet-switch-${id}`,
    expect.stringMatching(/^nixos-rebuild switch --flake \S+#unit-1$/),
  ]);
  const lines = await fleet.output(id);
  expect(lines).toEqual(expect.arrayContaining(["building step 1", "building step 5", "done"]));
  expect(lines.filter((line) => line === "done")).toHaveLength(1);
  expect(lines.some((line) => line.startsWith("agent restarted: following the detached switch"))).toBe(true);
});
