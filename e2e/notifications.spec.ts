import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import type { Socket } from "socket.io-client";
import { startSmtpReceiver, startWebhookReceiver } from "../test-support/notification-receivers";
import { logIn, startDashboard, type Dashboard } from "./fixtures/dashboard";
import { startFailingAgent } from "./fixtures/failing-agent";
import { FleetApi } from "./fixtures/fleet-api";

const SECRET = randomBytes(24).toString("hex");
const SMTP_USER = "nixfleet";
const SMTP_PASSWORD = randomBytes(12).toString("hex");
/** The coalescing window: the default, so the test shows what users get. */
const COALESCE_SECONDS = 10;

let dashboard: Dashboard;
let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
const agents: Socket[] = [];

test.beforeAll(async () => {
  webhook = await startWebhookReceiver(SECRET);
  smtp = await startSmtpReceiver(SMTP_USER, SMTP_PASSWORD);
  dashboard = await startDashboard();
});
test.afterAll(async () => {
  for (const agent of agents) agent.close();
  await dashboard?.stop();
  await webhook?.close();
  await smtp?.close();
});

test.describe.configure({ mode: "serial" });

test("an admin adds a signed webhook on the settings page and an SMTP channel; a failed command sends one signed webhook and one e-mail", async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page, dashboard);
  await page.goto(`${dashboard.url}/settings`);
  const form = page.getByRole("form", { name: "New notification channel" });
  await form.getByLabel("Name").fill("ops hook");
  await form.getByLabel("Webhook URL").fill(webhook.url);
  await form.getByLabel("Signing secret (16+ characters)").fill(SECRET);
  await form.getByRole("button", { name: "Add channel" }).click();
  await expect(page.locator('[data-channel="ops hook"]')).toContainText("Nothing sent yet");

  const mail = await page.request.post(`${dashboard.url}/api/settings/notifications`, {
    headers: { origin: dashboard.url },
    data: {
      name: "ops mail",
      settings: { kind: "email", host: smtp.host, port: smtp.port, secure: false, user: SMTP_USER, password: SMTP_PASSWORD, from: "fleet@example.org", to: ["ops@example.org"] },
      events: ["command.failed"],
    },
  });
  expect(mail.status(), await mail.text()).toBe(201);

  agents.push(await startFailingAgent(dashboard.url, dashboard.agentToken, "fail-0"));
  const api = new FleetApi(page.request, dashboard.url);
  expect((await api.run("fail-0", "switch")).state).toBe("failed");

  await expect.poll(() => webhook.received.length + smtp.received.length, { timeout: 30_000 }).toBe(2);
  expect(webhook.received[0]).toMatchObject({ signatureValid: true, json: { kind: "command.failed", count: 1, events: [{ subject: "fail-0" }] } });
  expect(smtp.received[0]).toMatchObject({ to: "ops@example.org", subject: "NixFleet: A command failed", text: expect.stringContaining("switch failed (exit 1) on fail-0") });

  await page.reload();
  await expect(page.locator('[data-channel="ops hook"] [data-channel-status]')).toContainText("Last sent");
});

test("50 commands failing at once send one coalesced message per channel, with the count", async ({ page }) => {
  test.setTimeout(180_000);
  await logIn(page, dashboard);
  const names = Array.from({ length: 50 }, (_, i) => `burst-${i}`);
  agents.push(...(await Promise.all(names.map((name) => startFailingAgent(dashboard.url, dashboard.agentToken, name)))));
  const webhooksBefore = webhook.received.length;
  const mailsBefore = smtp.received.length;

  const api = new FleetApi(page.request, dashboard.url);
  const started = await Promise.all(names.map((name) => api.command(name, "test")));
  expect(started.map((s) => s.status)).toEqual(names.map(() => 201));
  for (const name of names) await api.waitForHost(name, (host) => host.lastCommand?.state === "failed");

  await expect.poll(() => webhook.received.length - webhooksBefore, { timeout: 30_000 }).toBe(1);
  await expect.poll(() => smtp.received.length - mailsBefore, { timeout: 30_000 }).toBe(1);
  // Longer than a window: nothing else arrives after the one message.
  await page.waitForTimeout(COALESCE_SECONDS * 1000 + 2_000);
  expect(webhook.received.length - webhooksBefore).toBe(1);
  expect(smtp.received.length - mailsBefore).toBe(1);
  expect(webhook.received.at(-1)).toMatchObject({ signatureValid: true, json: { kind: "command.failed", count: 50 } });
  expect(smtp.received.at(-1)).toMatchObject({ subject: "NixFleet: 50 commands failed", text: expect.stringContaining("… and 40 more") });
});
