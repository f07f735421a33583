import { copyFileSync, statSync, truncateSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { expect, test } from "@playwright/test";
import { startPostgres, type Postgres } from "../test-support/postgres";
import { logIn, startDashboard } from "./fixtures/dashboard";

// Faults of the dashboard's own store (see README, Nothing lost): each test failed before its fix.

test("a damaged SQLite database is refused in SQLite's own words, with exit 2", async () => {
  test.setTimeout(120_000);
  const first = await startDashboard();
  const database = path.join(first.dataDir, "nixfleet.db");
  expect(await first.stop()).toBe(0);
  const damaged = path.join(first.dataDir, "damaged.db");
  copyFileSync(database, damaged);
  truncateSync(damaged, Math.floor(statSync(damaged).size / 2));

  const second = await startDashboard({ env: { DATABASE_URL: `file:${damaged}` }, waitUntilListening: false });
  expect(await second.process.exited).toBe(2);
  const output = second.process.output.join("\n");
  expect(output).toContain(`database ${damaged}: database disk image is malformed`);
  expect(output).not.toMatch(/\n\s+at /);
});

test.describe("a store that takes no writes", () => {
  let postgres: Postgres;
  test.afterAll(async () => {
    await postgres?.stop();
  });

  test("makes /api/health say 'store unavailable' and the fleet page say so, until it takes writes again", async ({ page }) => {
    test.setTimeout(120_000);
    postgres = await startPostgres();
    const dashboard = await startDashboard({ env: { DATABASE_URL: postgres.url } });
    try {
      expect((await page.request.get(`${dashboard.url}/api/health`)).status()).toBe(200);
      await logIn(page, dashboard);
      await expect(page.getByRole("heading", { name: "Fleet", exact: true })).toBeVisible();

      // What a failover to a standby looks like to the dashboard: every new session is read-only.
      const admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      const readOnly = async (on: boolean) => {
        await admin.query(`ALTER DATABASE nixfleet SET default_transaction_read_only = ${on ? "on" : "off"}`);
        await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'nixfleet' AND pid <> pg_backend_pid()");
      };
      try {
        await readOnly(true);
        await expect(async () => {
          const health = await page.request.get(`${dashboard.url}/api/health`);
          expect(health.status()).toBe(503);
          expect(await health.json()).toEqual({ status: "unavailable", reason: "store unavailable: the database is read-only" });
        }).toPass({ timeout: 30_000 });
        const banner = page.getByRole("alert").filter({ hasText: "The dashboard cannot store" });
        await expect(banner).toContainText("the database is read-only", { timeout: 15_000 });

        await readOnly(false);
        await expect(async () => expect((await page.request.get(`${dashboard.url}/api/health`)).status()).toBe(200)).toPass({ timeout: 30_000 });
        await expect(banner).toHaveCount(0, { timeout: 15_000 });
      } finally {
        await admin.end();
      }
    } finally {
      await dashboard.stop();
    }
  });
});
