import { createServer, type Server } from "node:http";
import { once } from "node:events";
import { expect, test, type Page } from "@playwright/test";
import { startAgent, type Agent } from "./fixtures/agent";
import { logIn, startDashboard, type Dashboard } from "./fixtures/dashboard";
import { FleetApi } from "./fixtures/fleet-api";
import { NixWorld, SYSTEM_A, SYSTEM_B, type HostControl } from "./fixtures/nix-world";
import { shootSchemes } from "./fixtures/screenshots";

// One story, in order: three real agents (two NixOS, one forced darwin) on a test fleet repository,
// and a version.json served by the test as the fleet target.
test.describe.configure({ mode: "serial" });

let dashboard: Dashboard;
let world: NixWorld;
let versionServer: Server;
let target = "";
const agents: Agent[] = [];
const controls: Record<string, HostControl> = {};
let page: Page;
let fleet: FleetApi;

const row = (host: string) => page.locator(`[data-host="${host}"]`);
// The indicator itself: S may also sit inside a link to the host's preview, which has a label of its own.
const chip = (host: string, letter: string) => row(host).locator(`[data-indicator="${letter}"]`);

test.beforeAll(async ({ browser }) => {
  world = new NixWorld();
  world.write("hosts/nix-2/tests/T01-boots.sh", "#!/bin/sh\necho boots\n", 0o755);
  world.write("hosts/nix-2/tests/T02-firewall.sh", "#!/bin/sh\necho firewall closed >&2\nexit 1\n", 0o755);
  target = world.commit("tests for nix-2");
  versionServer = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ repo: world.origin, gitCommit: target, message: "fleet target", branch: "main", timestamp: new Date().toISOString() }));
  }).listen(0, "127.0.0.1");
  await once(versionServer, "listening");
  const address = versionServer.address();
  const versionUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/version.json`;
  dashboard = await startDashboard({ env: { NIXFLEET_VERSION_URL: versionUrl } });

  for (const [name, flags] of [["nix-1", []], ["nix-2", []], ["mac-1", ["--platform", "darwin"]]] as const) {
    controls[name] = world.host(name, SYSTEM_A);
    agents.push(startAgent({
      url: dashboard.url, token: dashboard.agentToken, hostname: name,
      flags: ["--isolated-repo-mode", "--repo-url", world.origin, ...flags], env: world.agentEnv(controls[name]),
    }));
  }
  page = await browser.newPage();
  await logIn(page, dashboard);
  fleet = new FleetApi(page.request, dashboard.url);
  for (const name of Object.keys(controls)) await fleet.waitForHost(name, (h) => h.online);
  for (const name of Object.keys(controls)) await fleet.run(name, "pull");
});

test.afterAll(async () => {
  await Promise.all(agents.map((agent) => agent.stop("SIGKILL")));
  await dashboard?.stop();
  versionServer?.close();
});

test("the header shows the fleet target, and a host behind it shows G yellow until Pull", async () => {
  await expect(page.locator("[data-fleet-target]")).toContainText(target.slice(0, 7));
  await expect(chip("nix-1", "G")).toHaveAttribute("aria-label", `G: on fleet target (${target.slice(0, 7)})`);

  world.write("hosts/nix-1/new.nix", "{ }\n");
  const previous = target;
  target = world.commit("new target");
  await page.locator("[data-fleet-target]").getByRole("button", { name: "Refresh" }).click();
  await expect(page.locator("[data-fleet-target]")).toContainText(target.slice(0, 7));
  await expect(chip("nix-1", "G")).toHaveAttribute("aria-label", `G: behind fleet target (${previous.slice(0, 7)} → ${target.slice(0, 7)})`);

  await row("nix-1").getByRole("button", { name: "Pull", exact: true }).click();
  await expect(chip("nix-1", "G")).toHaveAttribute("aria-label", `G: on fleet target (${target.slice(0, 7)})`);
});

test("Switch activates what nix eval promised, and S turns green", async () => {
  controls["nix-1"]!.set("desired", SYSTEM_B);
  controls["nix-1"]!.set("switch.activates", SYSTEM_B);
  await row("nix-1").getByRole("button", { name: "Pull", exact: true }).click();
  await expect(chip("nix-1", "S")).toHaveAttribute("aria-label", /^S: a rebuild would change the system/);
  await row("nix-1").getByRole("button", { name: "Switch", exact: true }).click();
  await expect(chip("nix-1", "S")).toHaveAttribute("aria-label", /^S: running system is up to date/);
  expect(controls["nix-1"]!.calls().some((c) => c.startsWith("nixos-rebuild switch"))).toBe(true);
});

test("a failing test script turns T red, naming the test", async () => {
  await row("nix-2").getByRole("button", { name: "Test", exact: true }).click();
  await expect(chip("nix-2", "T")).toHaveAttribute("aria-label", "T: tests failed (failed: T02-firewall.sh)");
});

test("the output panel shows lines while the command runs", async () => {
  const control = controls["mac-1"]!;
  control.set("switch.lines", 20);
  control.set("switch.sleep", 6);
  await row("mac-1").getByRole("button", { name: "Switch", exact: true }).click();
  await row("mac-1").locator('[data-command-state="running"]').click();
  const output = page.locator("[data-output]");
  await expect(output).toContainText("building step 20");
  expect(await output.textContent()).not.toContain("done");
  await expect(output).toContainText("done", { timeout: 30_000 });
  await page.keyboard.press("Escape");
  control.set("switch.sleep", 0);
});

test("a bulk Pull + Switch over all three ends with a correct summary", async () => {
  await fleet.waitForHost("mac-1", (h) => h.lastCommand?.state === "succeeded");
  for (const name of ["nix-1", "nix-2", "mac-1"]) await page.getByLabel(`Select ${name}`).check();
  await page.getByRole("toolbar", { name: "Bulk actions" }).getByRole("button", { name: "Pull + Switch", exact: true }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("Run pull + switch on 3 hosts?");
  await dialog.getByRole("button", { name: "Run pull + switch" }).click();
  await expect(page.locator("[data-bulk-summary]")).toHaveText("3 succeeded · 0 failed · 0 skipped", { timeout: 60_000 });
});

test("Stop ends a long switch", async () => {
  controls["nix-2"]!.set("switch.sleep", 600);
  await row("nix-2").getByRole("button", { name: "Switch", exact: true }).click();
  const stop = row("nix-2").getByRole("button", { name: "Stop", exact: true });
  await expect(stop).toBeEnabled();
  await expect(row("nix-2").getByRole("button", { name: "Pull", exact: true })).toBeDisabled();
  await stop.click();
  await fleet.waitForHost("nix-2", (h) => h.lastCommand?.type === "switch" && h.lastCommand.state === "cancelled");
  await expect(row("nix-2").getByRole("button", { name: "Pull", exact: true })).toBeEnabled();
});

test("screenshots: desktop and phone, light and dark", async () => {
  await page.getByRole("button", { name: "Clear selection" }).click();
  await page.getByRole("button", { name: "Dismiss the bulk run" }).click();
  // The phone layout's cards: the shot shows what a phone shows, from the first host on.
  await shootSchemes(page, "fleet", {
    fullPage: false,
    ready: async () => {
      await row("nix-1").scrollIntoViewIfNeeded();
      await expect(row("nix-1")).toContainText("nix-1");
    },
  });
});
