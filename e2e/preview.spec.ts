import { expect, test, type Page } from "@playwright/test";
import { startAgent, type Agent } from "./fixtures/agent";
import { logIn, startDashboard, type Dashboard } from "./fixtures/dashboard";
import { FleetApi } from "./fixtures/fleet-api";
import { NixWorld, SYSTEM_A, SYSTEM_B, SYSTEM_C, type HostControl } from "./fixtures/nix-world";
import { shootSchemes } from "./fixtures/screenshots";

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

function agent(hostname: string, control: HostControl): Agent {
  const started = startAgent({
    url: dashboard.url,
    token: dashboard.agentToken,
    hostname,
    flags: ["--isolated-repo-mode", "--repo-url", world.origin],
    env: world.agentEnv(control),
  });
  agents.push(started);
  return started;
}

async function api(page: Page): Promise<FleetApi> {
  await logIn(page, dashboard);
  return new FleetApi(page.request, dashboard.url);
}

const MiB = 1024 * 1024;

test("(a) Preview on a host whose repository moved a package to a new version shows that change and the units to restart, from S to the Switch sheet", async ({ page }) => {
  // Two pulls, a preview and a switch of a real agent: more than the default minute on a loaded machine.
  test.setTimeout(180_000);
  const fleet = await api(page);
  const control = world.host("preview-1", SYSTEM_A);
  control.system.setContents(SYSTEM_A, {
    packages: [
      { name: "firefox", version: "119.0", size: 240 * MiB },
      { name: "openssh", version: "9.6p1", size: 5 * MiB },
    ],
    units: [
      { name: "firefox-sync.service", hash: "119" },
      { name: "sshd.service", hash: "1" },
    ],
  });
  agent("preview-1", control);
  await fleet.waitForHost("preview-1", (h) => h.online);
  await fleet.run("preview-1", "pull");

  // The fleet repository moves firefox to 120.0: the host's flake now evaluates to another system.
  world.write("hosts/preview-1/firefox.nix", "{ pkgs, ... }: { programs.firefox.package = pkgs.firefox-120; }\n");
  world.commit("preview-1: firefox 120");
  control.system.setContents(SYSTEM_B, {
    packages: [
      { name: "firefox", version: "120.0", size: 242 * MiB },
      { name: "openssh", version: "9.6p1", size: 5 * MiB },
    ],
    units: [
      { name: "firefox-sync.service", hash: "120" },
      { name: "sshd.service", hash: "1" },
    ],
  });
  control.set("desired", SYSTEM_B);
  await fleet.run("preview-1", "pull");
  await fleet.waitForHost("preview-1", (h) => h.desiredSystem === SYSTEM_B);

  // S says a rebuild would change the system, and leads to what would change.
  await page.goto(`${dashboard.url}/`);
  await page.locator('[data-host="preview-1"]').getByRole("link", { name: /^S: a rebuild would change the system/ }).click();
  await expect(page).toHaveURL(/\/hosts\/preview-1#preview$/);
  const section = page.locator("section#preview");
  await expect(section).toContainText("No preview yet");
  await section.getByRole("button", { name: "Run preview" }).click();

  const panel = section.locator("[data-preview]");
  await expect(panel).toBeVisible({ timeout: 30_000 });
  const counts = panel.locator("[data-preview-counts]");
  await expect(counts).toContainText("Changed1");
  await expect(counts).toContainText("Added0");
  await expect(counts).toContainText("Closure+2.0 MiB");
  await expect(counts).toContainText("Units to restart1");
  await expect(panel.getByRole("region", { name: "Changed (1)" })).toHaveText(/firefox\s*119\.0 → 120\.0/);
  await expect(panel.getByRole("region", { name: "Units to restart (1)" })).toHaveText(/firefox-sync\.service/);
  await expect(panel).not.toContainText("sshd.service");
  await expect(section).toContainText("This is what a switch now would change.");
  // Nothing was activated by the preview.
  expect((await fleet.host("preview-1")).host.currentSystem).toBe(SYSTEM_A);
  expect(control.calls()).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^nixos-rebuild build --flake \S+#preview-1$/),
      expect.stringMatching(new RegExp(`^nix .*store diff-closures ${SYSTEM_A} ${SYSTEM_B}$`)),
      expect.stringMatching(/^nixos-rebuild dry-activate --flake \S+#preview-1$/),
    ]),
  );

  // The preview stays with its command: a reload shows it again.
  await page.reload();
  await expect(page.locator("section#preview [data-preview]").getByRole("region", { name: "Changed (1)" })).toBeVisible();
  await shootSchemes(page, "preview", { section: "section#preview" });

  // The bulk Switch sheet shows the counts of each host's preview.
  await page.goto(`${dashboard.url}/`);
  await page.getByLabel("Select preview-1").check();
  await page.locator("[data-bulk-bar]").getByRole("button", { name: "Switch", exact: true }).click();
  await expect(page.locator("[data-bulk-previews]")).toContainText(
    "preview-1 · 1 changed, 0 added, 0 removed packages, closure +2.0 MiB; units: 0 to stop, 0 to start, 1 to restart, 0 to reload",
  );
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Clear selection" }).click();

  // Switch on the host asks first, with the preview in view, then switches to what was previewed.
  control.set("switch.activates", SYSTEM_B);
  await page.locator('[data-host="preview-1"]').getByRole("button", { name: "Switch", exact: true }).click();
  const sheet = page.locator("[data-switch-confirm]");
  await expect(sheet.getByRole("region", { name: "Changed (1)" })).toHaveText(/firefox\s*119\.0 → 120\.0/);
  await expect(sheet.getByRole("region", { name: "Units to restart (1)" })).toHaveText(/firefox-sync\.service/);
  await sheet.getByRole("button", { name: "Switch", exact: true }).click();
  await fleet.waitForHost("preview-1", (h) => h.currentSystem === SYSTEM_B && h.lastCommand?.type === "switch" && h.lastCommand.state === "succeeded", 60_000);
});

test("(e) Roll back to a chosen generation from the host page", async ({ page }) => {
  test.setTimeout(180_000);
  const fleet = await api(page);
  const control = world.host("gen-1", SYSTEM_A);
  agent("gen-1", control);
  await fleet.waitForHost("gen-1", (h) => h.online);
  await fleet.run("gen-1", "pull");
  control.set("switch.activates", SYSTEM_B);
  expect(await fleet.run("gen-1", "switch", 90_000)).toMatchObject({ state: "succeeded" });
  // A third generation, so that the chosen one (1) is not the one before the running one (2).
  control.set("switch.activates", SYSTEM_C);
  expect(await fleet.run("gen-1", "switch", 90_000)).toMatchObject({ state: "succeeded" });
  await fleet.waitForHost("gen-1", (h) => h.currentSystem === SYSTEM_C);

  await page.goto(`${dashboard.url}/hosts/gen-1`);
  const list = page.getByRole("list", { name: "Generations" });
  await expect(list.locator('[data-generation="3"]')).toHaveAttribute("data-current", "true");
  await expect(list.locator('[data-generation="2"]')).toContainText(SYSTEM_B.slice("/nix/store/".length, "/nix/store/".length + 7));
  await expect(list.locator('[data-generation="1"]')).toHaveAttribute("data-current", "false");
  await shootSchemes(page, "generations", { section: "section#generations" });

  await list.getByRole("button", { name: "Roll back to generation 1" }).click();
  const sheet = page.locator("[data-rollback-confirm]");
  await expect(sheet).toContainText("Roll back gen-1 to generation 1?");
  await expect(sheet).toContainText(SYSTEM_A);
  await sheet.getByRole("button", { name: "Roll back", exact: true }).click();

  await fleet.waitForHost("gen-1", (h) => h.lastCommand?.type === "rollback" && h.lastCommand.state === "succeeded", 90_000);
  // The running system comes with the agent's next status, a moment after the result.
  await fleet.waitForHost("gen-1", (h) => h.currentSystem === SYSTEM_A);
  await expect(list.locator('[data-generation="1"]')).toHaveAttribute("data-current", "true");
  await expect(list.locator('[data-generation="3"]')).toHaveAttribute("data-current", "false");
  expect(control.calls()).toEqual(expect.arrayContaining([expect.stringMatching(/switch-generation 1/)]));
  await expect(page.locator("[data-history-command]").first()).toContainText("Roll back");
});
