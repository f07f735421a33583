import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startPostgres, type Postgres } from "../test-support/postgres";
import { startAgent, type Agent } from "./fixtures/agent";
import { logIn, startDashboard, type Dashboard } from "./fixtures/dashboard";
import { FleetApi } from "./fixtures/fleet-api";
import { NixWorld, SYSTEM_A, type HostControl } from "./fixtures/nix-world";
import { ROOT } from "./fixtures/processes";

// Two dashboards on different ports share one PostgreSQL database (started by the test): each has
// one real agent, and a browser on either sees and commands both.
test.describe.configure({ mode: "serial" });

let postgres: Postgres;
let one: Dashboard & { sessionSecret: string };
let two: Dashboard & { sessionSecret: string };
let world: NixWorld;
const agents: Record<string, Agent> = {};
const controls: Record<string, HostControl> = {};
let pageOne: Page;
let pageTwo: Page;
let apiOne: FleetApi;

const row = (page: Page, host: string) => page.locator(`[data-host="${host}"]`);

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  postgres = await startPostgres();
  world = new NixWorld();
  // A short wait for a lost agent, so the last test sees a dead replica's command given up.
  const env = { DATABASE_URL: postgres.url, NIXFLEET_COMMAND_LOST_AFTER_SECONDS: "5" };
  one = await startDashboard({ env });
  const secrets = { password: one.password, agentToken: one.agentToken, sessionSecret: one.sessionSecret };
  two = await startDashboard({ secrets, env });
  for (const [name, dashboard] of [["rep-1", one], ["rep-2", two]] as const) {
    controls[name] = world.host(name, SYSTEM_A);
    agents[name] = startAgent({
      url: dashboard.url, token: dashboard.agentToken, hostname: name,
      flags: ["--isolated-repo-mode", "--repo-url", world.origin], env: world.agentEnv(controls[name]),
    });
  }
  pageOne = await browser.newPage();
  await logIn(pageOne, one);
  pageTwo = await browser.newPage();
  await logIn(pageTwo, two);
  apiOne = new FleetApi(pageOne.request, one.url);
});

test.afterAll(async () => {
  await Promise.all(Object.values(agents).map((agent) => agent.stop("SIGKILL")));
  await one?.stop();
  await two?.stop();
  await postgres?.stop();
});

test("each replica's browser shows both agents online, wherever they are connected", async () => {
  for (const page of [pageOne, pageTwo]) {
    for (const host of ["rep-1", "rep-2"]) {
      await expect(row(page, host)).toHaveAttribute("data-online", "true", { timeout: 30_000 });
      await expect(row(page, host)).toContainText("Online");
    }
  }
  await one.process.waitForLine(/event=agent.registered host=rep-1/);
  await two.process.waitForLine(/event=agent.registered host=rep-2/);
  expect(one.process.output.some((line) => /event=agent.registered host=rep-2/.test(line))).toBe(false);
  // The heartbeats of an agent on the other replica keep moving its uptime on this one.
  const before = (await apiOne.waitForHost("rep-2", (h) => h.online)).lastSeenAt;
  await apiOne.waitForHost("rep-2", (h) => h.lastSeenAt > before);
});

test("a Pull clicked on one replica runs on the agent connected to the other, with live output", async () => {
  const control = controls["rep-2"]!;
  control.set("switch.lines", 30);
  control.set("switch.sleep", 4);
  await row(pageOne, "rep-2").getByRole("button", { name: "Pull", exact: true }).click();
  await apiOne.waitForHost("rep-2", (h) => h.lastCommand?.type === "pull" && h.lastCommand.state === "succeeded");
  expect(one.process.output.some((line) => /event=command.state host=rep-2/.test(line))).toBe(false);
  await two.process.waitForLine(/event=command.state host=rep-2 .*type=pull state=succeeded/);

  await row(pageOne, "rep-2").getByRole("button", { name: "Switch", exact: true }).click();
  await row(pageOne, "rep-2").locator('[data-command-state="running"]').click();
  const output = pageOne.locator("[data-output]");
  await expect(output).toContainText("building step 30", { timeout: 30_000 });
  await expect(output).toContainText("done", { timeout: 30_000 });
  expect(control.calls().some((call) => call.startsWith("nixos-rebuild switch"))).toBe(true);
  await pageOne.keyboard.press("Escape");
  control.set("switch.sleep", 0);
  // The other replica's browser sees the same result.
  await expect(row(pageTwo, "rep-2").locator('[data-command-state="succeeded"]')).toBeVisible();
});

test("a bulk run from one replica covers agents on both and ends with one summary", async () => {
  for (const host of ["rep-1", "rep-2"]) await pageTwo.getByLabel(`Select ${host}`).check();
  await pageTwo.getByRole("toolbar", { name: "Bulk actions" }).getByRole("button", { name: "Pull", exact: true }).click();
  const dialog = pageTwo.getByRole("alertdialog");
  await expect(dialog).toContainText("Run pull on 2 hosts?");
  await dialog.getByRole("button", { name: "Run pull" }).click();
  await expect(pageTwo.locator("[data-bulk-summary]")).toHaveText("2 succeeded · 0 failed · 0 skipped", { timeout: 60_000 });
  await pageTwo.screenshot({ path: path.join(ROOT, "e2e/.artifacts/replicas-bulk.png"), fullPage: true });
});

test("revoking a host's token on one replica disconnects its agent on the other", async () => {
  const response = await pageTwo.request.delete(`${two.url}/api/tokens/rep-1`, { headers: { origin: two.url } });
  expect(response.status(), await response.text()).toBe(200);
  await one.process.waitForLine(/event=agent.disconnected host=rep-1/);
  await new FleetApi(pageTwo.request, two.url).waitForHost("rep-1", (h) => !h.online);
});

test("a replica stopped with SIGTERM says goodbye, and the others take its host offline without waiting", async () => {
  const three = await startDashboard({ secrets: { password: one.password, agentToken: one.agentToken, sessionSecret: one.sessionSecret }, env: { DATABASE_URL: postgres.url } });
  controls["rep-3"] = world.host("rep-3", SYSTEM_A);
  agents["rep-3"] = startAgent({
    url: three.url, token: three.agentToken, hostname: "rep-3",
    flags: ["--isolated-repo-mode", "--repo-url", world.origin], env: world.agentEnv(controls["rep-3"]),
  });
  await apiOne.waitForHost("rep-3", (h) => h.online);
  expect(await three.stop()).toBe(0);
  await one.process.waitForLine(/event=peer.lost .*why=leaving/);
  await apiOne.waitForHost("rep-3", (h) => !h.online);
});

test("when a replica dies, the other shows its host offline and follows its command to lost", async () => {
  test.setTimeout(90_000);
  controls["rep-2"]!.set("switch.sleep", 600);
  await row(pageOne, "rep-2").getByRole("button", { name: "Switch", exact: true }).click();
  const running = await apiOne.waitForHost("rep-2", (h) => h.lastCommand?.type === "switch" && h.lastCommand.state === "running");
  await two.process.stop("SIGKILL");

  // Its agent keeps knocking on the dead replica's door, so the host stays offline here.
  await apiOne.waitForHost("rep-2", (h) => !h.online, 30_000);
  await one.process.waitForLine(/event=peer.lost .*why="silent for/);
  const lost = await apiOne.waitForHost("rep-2", (h) => h.lastCommand?.id === running.lastCommand!.id && h.lastCommand.state === "lost", 30_000);
  expect(lost.lastCommand!.reason).toBe("the agent never reported a result");
  await expect(row(pageOne, "rep-2")).toContainText("Offline");
});
