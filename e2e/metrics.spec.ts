import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { freePort } from "../test-support/free-port";
import { logIn, startDashboard, type Dashboard } from "./fixtures/dashboard";
import { start, type RunningProcess } from "./fixtures/processes";
import { connectRawAgent, handshake, registration } from "./fixtures/raw-agent";

const PROMETHEUS = process.env.PROMETHEUS_PATH ?? "/usr/bin/prometheus";

let dashboard: Dashboard;
let prometheus: RunningProcess | undefined;
const agents: ReturnType<typeof connectRawAgent>[] = [];

test.beforeAll(async () => {
  dashboard = await startDashboard({ env: { NIXFLEET_METRICS: "on" } });
});
test.afterAll(async () => {
  for (const agent of agents) agent.close();
  await prometheus?.stop();
  await dashboard?.stop();
});

/** Registers a host over the real agent protocol, as its agent would. */
async function registerHost(name: string): Promise<ReturnType<typeof connectRawAgent>> {
  const agent = connectRawAgent(dashboard.url, dashboard.agentToken, name);
  expect(await handshake(agent)).toBe("connected");
  expect(await agent.timeout(5_000).emitWithAck("register", registration(name))).toMatchObject({ ok: true });
  agents.push(agent);
  return agent;
}

test("an admin creates a metrics token on the tokens page; Prometheus scrapes /metrics with it and PromQL counts the hosts", async ({ page, request }) => {
  for (const name of ["prom-1", "prom-2", "prom-3"]) await registerHost(name);
  agents.pop()!.close();

  await logIn(page, dashboard);
  await page.goto(`${dashboard.url}/tokens`);
  await page.getByLabel("New API token").fill("prometheus");
  await page.getByRole("button", { name: "Create API token" }).click();
  const token = (await page.locator("[data-new-token]").textContent())!.trim();
  expect(token).toMatch(/^nfa_/);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.locator('[data-api-token="prometheus"]')).toContainText("metrics");

  const dir = mkdtempSync(path.join(tmpdir(), "nixfleet-prometheus-"));
  writeFileSync(path.join(dir, "token"), token, { mode: 0o600 });
  writeFileSync(
    path.join(dir, "prometheus.yml"),
    [
      "global: { scrape_interval: 1s, scrape_timeout: 1s }",
      "scrape_configs:",
      "  - job_name: nixfleet",
      "    metrics_path: /metrics",
      `    authorization: { credentials_file: ${path.join(dir, "token")} }`,
      `    static_configs: [ { targets: ["127.0.0.1:${dashboard.port}"] } ]`,
    ].join("\n"),
  );
  const port = await freePort();
  prometheus = start("prometheus", PROMETHEUS, [
    `--config.file=${path.join(dir, "prometheus.yml")}`,
    `--storage.tsdb.path=${path.join(dir, "data")}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ], { PATH: process.env.PATH, HOME: dir });
  await prometheus.waitForLine(/Server is ready to receive web requests/, 30_000);

  const query = async (promql: string): Promise<string | null> => {
    const response = await request.get(`http://127.0.0.1:${port}/api/v1/query`, { params: { query: promql } });
    const body = (await response.json()) as { data?: { result?: { value: [number, string] }[] } };
    return body.data?.result?.[0]?.value[1] ?? null;
  };
  await expect.poll(() => query('sum(nixfleet_hosts{job="nixfleet"})'), { timeout: 30_000 }).toBe("3");
  expect(await query('nixfleet_hosts{status="online"}')).toBe("2");
  expect(await query('nixfleet_hosts{status="offline"}')).toBe("1");
  expect(await query('up{job="nixfleet"}')).toBe("1");
  expect(Number(await query("nixfleet_process_resident_memory_bytes"))).toBeGreaterThan(0);
});

test("/metrics needs a metrics-scoped token, and that token opens nothing else", async ({ page, request }) => {
  await logIn(page, dashboard);
  const create = async (name: string, scopes: string[]) => {
    const response = await page.request.post(`${dashboard.url}/api/api-tokens`, { data: { name, scopes }, headers: { origin: dashboard.url } });
    expect(response.status()).toBe(201);
    return ((await response.json()) as { token: string }).token;
  };
  const metricsToken = await create("scraper", ["metrics"]);
  const rolloutsToken = await create("ci", ["rollouts"]);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  expect((await request.get(`${dashboard.url}/metrics`)).status()).toBe(401);
  const refused = await request.get(`${dashboard.url}/metrics`, { headers: bearer(rolloutsToken) });
  expect([refused.status(), ((await refused.json()) as { error: string }).error]).toEqual([403, "this API token lacks the metrics scope"]);
  const scraped = await request.get(`${dashboard.url}/metrics`, { headers: bearer(metricsToken) });
  expect(scraped.status()).toBe(200);
  expect(scraped.headers()["content-type"]).toContain("text/plain; version=0.0.4");
  expect(await scraped.text()).toContain("# TYPE nixfleet_hosts gauge");

  expect((await request.get(`${dashboard.url}/api/hosts`, { headers: bearer(metricsToken) })).status()).toBe(403);
  expect((await request.post(`${dashboard.url}/api/hosts/prom-1/commands`, { headers: bearer(metricsToken), data: { type: "pull" } })).status()).toBe(403);
  expect((await request.post(`${dashboard.url}/api/api-tokens`, { headers: bearer(metricsToken), data: { name: "x", scopes: ["metrics"] } })).status()).toBe(403);
  expect((await request.get(`${dashboard.url}/tokens`, { headers: bearer(metricsToken), maxRedirects: 0 })).status()).toBe(303);
});

test("a dashboard without NIXFLEET_METRICS answers /metrics with 404 and says how to turn it on", async ({ page }) => {
  const off = await startDashboard();
  try {
    await logIn(page, off);
    const response = await page.request.get(`${off.url}/metrics`);
    expect(response.status()).toBe(404);
    expect(((await response.json()) as { error: string }).error).toContain("NIXFLEET_METRICS=on");
  } finally {
    await off.stop();
  }
});
