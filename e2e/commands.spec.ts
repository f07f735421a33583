import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { startAgent, type Agent } from "./fixtures/agent";
import { logIn, startDashboard, type Dashboard } from "./fixtures/dashboard";
import { FleetApi } from "./fixtures/fleet-api";
import { NixWorld, SYSTEM_A, SYSTEM_B, type HostControl } from "./fixtures/nix-world";

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

function agent(hostname: string, control: HostControl, flags: string[] = [], stateDir?: string): Agent {
  const started = startAgent({
    url: dashboard.url,
    token: dashboard.agentToken,
    hostname,
    stateDir,
    flags: ["--isolated-repo-mode", "--repo-url", world.origin, ...flags],
    env: world.agentEnv(control),
  });
  agents.push(started);
  return started;
}

async function api(page: import("@playwright/test").Page): Promise<FleetApi> {
  await logIn(page, dashboard);
  return new FleetApi(page.request, dashboard.url);
}

const indicator = (host: { indicators: { letter: string; color: string }[] }, letter: string) =>
  host.indicators.find((i) => i.letter === letter)?.color;

test("pull brings the fleet's new commits into the agent's own clone", async ({ page }) => {
  const fleet = await api(page);
  agent("pull-1", world.host("pull-1"));
  await fleet.waitForHost("pull-1", (h) => h.online);

  expect(await fleet.run("pull-1", "pull")).toMatchObject({ state: "succeeded", exitCode: 0 });
  await fleet.waitForHost("pull-1", (h) => h.headCommit === world.head());

  world.write("hosts/pull-1/extra.nix", "{ }\n");
  const next = world.commit("add a file");
  expect(await fleet.run("pull-1", "pull")).toMatchObject({ state: "succeeded" });
  await fleet.waitForHost("pull-1", (h) => h.headCommit === next);
});

test("switch runs nixos-rebuild with the host's flake; a failing one fails with its exit code", async ({ page }) => {
  const fleet = await api(page);
  const control = world.host("switch-1");
  agent("switch-1", control);
  await fleet.waitForHost("switch-1", (h) => h.online);
  await fleet.run("switch-1", "pull");

  const ok = await fleet.run("switch-1", "switch");
  expect(ok).toMatchObject({ state: "succeeded", exitCode: 0 });
  expect(control.calls().filter((c) => c.startsWith("nixos-rebuild"))).toEqual([
    expect.stringMatching(/^nixos-rebuild switch --flake \S+#switch-1$/),
  ]);
  const lines = await fleet.output(ok.id);
  expect(lines).toEqual(expect.arrayContaining(["building step 1", "building step 3", "a warning on stderr", "done"]));

  control.set("switch.exit", 3);
  expect(await fleet.run("switch-1", "switch")).toMatchObject({ state: "failed", exitCode: 3 });
});

test("S turns from yellow to green when a switch activates the desired system", async ({ page }) => {
  const fleet = await api(page);
  const control = world.host("system-1", SYSTEM_A);
  control.set("desired", SYSTEM_B);
  control.set("switch.activates", SYSTEM_B);
  agent("system-1", control);
  await fleet.waitForHost("system-1", (h) => h.online);
  await fleet.run("system-1", "pull");
  await fleet.waitForHost("system-1", (h) => h.desiredSystem === SYSTEM_B && indicator(h, "S") === "yellow");

  expect(await fleet.run("system-1", "switch")).toMatchObject({ state: "succeeded" });
  const host = await fleet.waitForHost("system-1", (h) => h.currentSystem === SYSTEM_B);
  expect(indicator(host, "S")).toBe("green");
});

test("test runs every executable T*.sh in name order and fails naming the failing one", async ({ page }) => {
  const fleet = await api(page);
  world.write("hosts/test-1/tests/T01-boots.sh", "#!/bin/sh\necho boots fine\n", 0o755);
  world.write("hosts/test-1/tests/T02-dns.sh", "#!/bin/sh\necho dns broken >&2\nexit 1\n", 0o755);
  world.write("hosts/test-1/tests/T03-disk.sh", "#!/bin/sh\necho disk fine\n", 0o755);
  world.write("hosts/test-1/tests/T04-not-executable.sh", "#!/bin/sh\necho must not run\n", 0o644);
  world.commit("tests for test-1");
  agent("test-1", world.host("test-1"));
  await fleet.waitForHost("test-1", (h) => h.online);
  await fleet.run("test-1", "pull");

  const run = await fleet.run("test-1", "test");
  expect(run.state).toBe("failed");
  const lines = (await fleet.output(run.id)).join("\n");
  expect(lines).toMatch(/boots fine[\s\S]*dns broken[\s\S]*disk fine/);
  expect(lines).not.toContain("must not run");
  const host = await fleet.waitForHost("test-1", (h) => h.lastTest?.commandId === run.id);
  expect(host.lastTest).toMatchObject({ state: "failed", failed: ["T02-dns.sh"] });
  expect(host.indicators.find((i) => i.letter === "T")).toMatchObject({ color: "red", description: "T: tests failed (failed: T02-dns.sh)" });
});

test("stop ends a long switch and every process of its group; a second command meanwhile is refused", async ({ page }) => {
  const fleet = await api(page);
  const control = world.host("stop-1");
  control.set("switch.sleep", 3217);
  agent("stop-1", control);
  await fleet.waitForHost("stop-1", (h) => h.online);
  await fleet.run("stop-1", "pull");

  const started = await fleet.command("stop-1", "switch");
  expect(started.status).toBe(201);
  const sleepers = () => execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).split("\n").filter((l) => l.trim() === "sleep 3217");
  await expect.poll(sleepers).toHaveLength(1);

  const second = await fleet.command("stop-1", "pull");
  expect(second).toEqual({ status: 409, body: { error: "busy: switch is running", requestId: expect.any(String) } });

  expect(await fleet.stop("stop-1")).toBe(200);
  const host = await fleet.waitForHost("stop-1", (h) => h.lastCommand?.id === started.body.command!.id && h.lastCommand.state === "cancelled");
  expect(host.lastCommand?.state).toBe("cancelled");
  expect(sleepers()).toEqual([]);
});

test("an unknown command type and an unknown host are refused with a clear error", async ({ page }) => {
  const fleet = await api(page);
  expect(await fleet.command("stop-1", "reboot")).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^invalid message: type/) } });
  expect(await fleet.command("no-such-host", "pull")).toEqual({ status: 409, body: { error: "unknown host", requestId: expect.any(String) } });
});
