import { describe, expect, it } from "vitest";
import { createLogger } from "../logger";
import type { DashboardHealth, StoreCondition } from "../protocol/browser";
import { DashboardHealthMonitor } from "./dashboard-health";

describe("DashboardHealthMonitor", () => {
  it("tells listeners when the store stops and starts taking writes, once per change", async () => {
    let condition: StoreCondition = "ok";
    const monitor = new DashboardHealthMonitor(async () => condition, createLogger("error"));
    const heard: DashboardHealth[] = [];
    monitor.subscribe((health) => heard.push(health));
    await monitor.check();
    condition = "full";
    await monitor.check();
    await monitor.check();
    condition = "ok";
    await monitor.check();
    expect(heard).toEqual([{ store: "full", peersUnheard: false }, { store: "ok", peersUnheard: false }]);
  });

  it("counts a probe that throws as an unavailable store", async () => {
    const monitor = new DashboardHealthMonitor(() => Promise.reject(new Error("boom")), createLogger("error"));
    expect(await monitor.check()).toEqual({ store: "unavailable", peersUnheard: false });
  });

  it("probes at its interval", async () => {
    let probes = 0;
    const monitor = new DashboardHealthMonitor(async () => (probes++, "ok"), createLogger("error"), { probeIntervalMs: 10 });
    monitor.start();
    await new Promise((r) => setTimeout(r, 100));
    monitor.stop();
    expect(probes).toBeGreaterThan(2);
  });
});
