import { describe, expect, it } from "vitest";
import { dashboardHealthBanner } from "./health-labels";

describe("dashboardHealthBanner", () => {
  it("says the database is full, read-only or unreachable", () => {
    expect(dashboardHealthBanner({ store: "full", peersUnheard: false })).toMatch(/^The dashboard cannot store anything: the database is full\./);
    expect(dashboardHealthBanner({ store: "read-only", peersUnheard: true })).toMatch(/the database is read-only/);
    expect(dashboardHealthBanner({ store: "unavailable", peersUnheard: false })).toMatch(/the database cannot be reached/);
  });

  it("says a replica is deaf to its peers", () => {
    expect(dashboardHealthBanner({ store: "ok", peersUnheard: true })).toMatch(/does not hear the others/);
  });

  it("says nothing while all is well or not yet known", () => {
    expect(dashboardHealthBanner({ store: "ok", peersUnheard: false })).toBeNull();
    expect(dashboardHealthBanner(null)).toBeNull();
  });
});
