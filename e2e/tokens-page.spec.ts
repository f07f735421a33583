import { expect, test } from "@playwright/test";
import { logIn, startDashboard, type Dashboard } from "./fixtures/dashboard";
import { connectRawAgent, handshake } from "./fixtures/raw-agent";

let dashboard: Dashboard;

test.beforeAll(async () => {
  dashboard = await startDashboard();
});
test.afterAll(async () => {
  await dashboard?.stop();
});

/** Whether an agent holding `token` for `host` gets through the handshake. */
async function connects(host: string, token: string): Promise<string> {
  const agent = connectRawAgent(dashboard.url, token, host);
  try {
    return await handshake(agent);
  } finally {
    agent.close();
  }
}

test("the tokens page creates, rotates and revokes a host's token, each after its confirmation; the old token stops working", async ({ page }) => {
  await logIn(page, dashboard);
  await page.goto(`${dashboard.url}/tokens`);
  await page.getByPlaceholder("host name, e.g. web-3").fill("web-9");
  await page.getByRole("button", { name: "Create token" }).first().click();
  const first = (await page.locator("[data-new-token]").innerText()).trim();
  await page.keyboard.press("Escape");
  expect(await connects("web-9", first)).toBe("connected");

  const row = page.locator('[data-token-host="web-9"]');
  await row.getByRole("button", { name: "Rotate" }).click();
  const sheet = page.getByRole("alertdialog");
  await expect(sheet).toContainText("Rotate the token of web-9?");
  await sheet.getByRole("button", { name: "Cancel" }).click();
  await expect(sheet).toBeHidden();
  expect(await connects("web-9", first)).toBe("connected");

  await row.getByRole("button", { name: "Rotate" }).click();
  await sheet.getByRole("button", { name: "Rotate" }).click();
  const second = (await page.locator("[data-new-token]").innerText()).trim();
  await page.keyboard.press("Escape");
  expect(second).not.toBe(first);
  expect(await connects("web-9", first)).not.toBe("connected");
  expect(await connects("web-9", second)).toBe("connected");

  await row.getByRole("button", { name: "Revoke" }).click();
  await sheet.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toHaveAttribute("data-token-state", "revoked");
  expect(await connects("web-9", second)).not.toBe("connected");
});
