import { expect, test, type Page } from "@playwright/test";
import { freePort } from "../test-support/free-port";
import { startDashboard, type Dashboard } from "./fixtures/dashboard";
import { startOpenIdProvider, type OpenIdProvider } from "./fixtures/openid-provider";

let dashboard: Dashboard;
let idp: OpenIdProvider;

test.beforeAll(async () => {
  const port = await freePort();
  idp = await startOpenIdProvider(`http://127.0.0.1:${port}`, (login) => (login.startsWith("ops") ? ["staff", "fleet-ops"] : ["staff"]));
  dashboard = await startDashboard({
    port,
    env: {
      NIXFLEET_OIDC_ISSUER: idp.issuer,
      NIXFLEET_OIDC_CLIENT_ID: idp.clientId,
      NIXFLEET_OIDC_CLIENT_SECRET: idp.clientSecret,
      NIXFLEET_OIDC_SCOPES: "openid profile groups",
      NIXFLEET_OIDC_GROUP_ROLES: "fleet-ops=operator,fleet-admins=admin",
    },
  });
});

test.afterAll(async () => {
  await dashboard?.stop();
  await idp?.close();
});

/** Signs in through the provider's own login and consent pages, as a person would. */
async function ssoLogin(page: Page, login: string): Promise<void> {
  await page.goto(`${dashboard.url}/login`);
  await page.getByRole("button", { name: "Sign in with single sign-on" }).click();
  await page.waitForURL(new RegExp(`^${idp.issuer}/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("single sign-on maps the provider's group to operator, through the authorization-code flow with PKCE", async ({ page }) => {
  test.setTimeout(90_000);
  await ssoLogin(page, "ops-alice");
  await page.waitForURL(`${dashboard.url}/`);
  await expect(page.locator("[data-signed-in-user]")).toHaveText("sso:ops-alice");
  await expect(page.locator("[data-signed-in-role]")).toHaveAttribute("data-signed-in-role", "operator");
  expect(idp.authorizations.at(-1)).toEqual({ codeChallengeMethod: "S256" });
  // The session is a real one: an operator's change is let through to the route (404: no such host).
  const response = await page.request.post(`${dashboard.url}/api/hosts/nowhere/stop`, { headers: { origin: dashboard.url } });
  expect(response.status()).not.toBe(401);
  expect(response.status()).not.toBe(403);
  expect((await page.request.get(`${dashboard.url}/api/users`)).status()).toBe(403);
});

test("a user whose groups map to no role gets no access (no default role)", async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await (await browser.newContext()).newPage();
  await ssoLogin(page, "guest-bob");
  await page.waitForURL(/\/login\?.*error=AccessDenied/);
  await expect(page.getByRole("alert")).toContainText("no role here");
  expect((await page.request.get(`${dashboard.url}/api/hosts`)).status()).toBe(401);
});
