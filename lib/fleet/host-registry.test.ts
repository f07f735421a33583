import { describe, expect, it } from "vitest";
import { testRegistration, testStatus } from "../../test-support/agent-messages";
import { HostRegistry } from "./host-registry";

const status = testStatus({ headCommit: "a".repeat(40), lockModifiedAt: 1_700_000_000, uptimeSeconds: 10 });
const registration = (hostname: string) => testRegistration(hostname, { deviceType: "desktop", themeColor: "#112233", status });

describe("HostRegistry", () => {
  it("publishes a new host whole, online, with times in milliseconds", () => {
    const registry = new HostRegistry();
    expect(registry.register(registration("web-1"), 5_000)).toBe(true);
    const [patch] = registry.takePatches();
    expect(patch).toMatchObject({
      name: "web-1",
      changes: { online: true, lastSeenAt: 5_000, lockModifiedAt: 1_700_000_000_000, themeColor: "#112233" },
    });
    expect(registry.takePatches()).toEqual([]);
  });

  it("shows an older agent's darwin host as Home Manager, and keeps where its repository URL came from", () => {
    const registry = new HostRegistry();
    registry.register(testRegistration("mac-1", { platform: "darwin" }), 1_000);
    registry.register(testRegistration("mac-2", { platform: "darwin", platformNames: 2, repoUrlSource: "fleet-target" }), 1_000);
    expect(registry.get("mac-1")).toMatchObject({ platform: "home-manager", repoUrlSource: null });
    expect(registry.get("mac-2")).toMatchObject({ platform: "darwin", repoUrlSource: "fleet-target" });
  });

  it("sends only what a heartbeat changed", () => {
    const registry = new HostRegistry();
    registry.register(registration("web-1"), 1_000);
    registry.takePatches();
    registry.heartbeat("web-1", { ...status, uptimeSeconds: 40 }, 31_000);
    expect(registry.takePatches()).toEqual([{ name: "web-1", changes: { uptimeSeconds: 40, lastSeenAt: 31_000 } }]);
  });

  it("coalesces several changes of one host into one patch", () => {
    const registry = new HostRegistry();
    registry.register(registration("web-1"), 1_000);
    registry.takePatches();
    registry.heartbeat("web-1", { ...status, uptimeSeconds: 40 }, 2_000);
    registry.disconnect("web-1", 3_000);
    expect(registry.takePatches()).toEqual([
      { name: "web-1", changes: { uptimeSeconds: 40, lastSeenAt: 3_000, online: false } },
    ]);
  });

  it("says online on every registration, so replicas learn which one holds the agent", () => {
    const registry = new HostRegistry();
    registry.register(registration("web-1"), 1_000);
    registry.takePatches();
    registry.register(registration("web-1"), 1_000);
    expect(registry.takePatches()).toEqual([{ name: "web-1", changes: { online: true } }]);
  });

  it("writes nothing for changes that are live state only (last command, indicators, online)", () => {
    const registry = new HostRegistry();
    registry.register(registration("web-1"), 1_000);
    registry.takeDirty();
    registry.setLastCommand("web-1", {
      id: "c1", type: "pull", state: "running", requestedBy: "admin", createdAt: 1, finishedAt: null, exitCode: null, durationMs: null, reason: null, confirmedAt: null, rollback: null,
    });
    expect(registry.takePatches()).toHaveLength(1);
    expect(registry.takeDirty()).toEqual([]);
  });

  it("shows a peer's changes without writing them, and needs a whole host to learn a new one", () => {
    const registry = new HostRegistry();
    const source = new HostRegistry();
    source.register(registration("web-1"), 1_000);
    expect(registry.applyPeerChanges("web-1", { online: true })).toBe(false);
    expect(registry.applyPeerChanges("web-1", source.fullPatch("web-1")!.changes)).toBe(true);
    expect(registry.applyPeerChanges("web-1", { uptimeSeconds: 99 })).toBe(true);
    expect(registry.get("web-1")).toMatchObject({ online: true, uptimeSeconds: 99, themeColor: "#112233" });
    expect(registry.takePatches()).toHaveLength(1);
    expect(registry.takeDirty()).toEqual([]);
  });

  it("stops showing a command as running once its end is stored, also when a late heartbeat names it", () => {
    const registry = new HostRegistry();
    const running = { id: "c1", type: "test" as const };
    const summary = { id: "c1", type: "test" as const, requestedBy: "admin", createdAt: 1, exitCode: null, durationMs: null, reason: null, finishedAt: null, confirmedAt: null, rollback: null };
    registry.register(testRegistration("web-1", { status: { ...status, runningCommand: running } }), 1_000);
    registry.setLastCommand("web-1", { ...summary, state: "running" });
    expect(registry.get("web-1")?.runningCommand).toEqual(running);
    registry.setLastCommand("web-1", { ...summary, state: "failed", exitCode: 1, finishedAt: 2 });
    expect(registry.get("web-1")?.runningCommand).toBeNull();
    registry.heartbeat("web-1", { ...status, runningCommand: running }, 3_000);
    expect(registry.get("web-1")?.runningCommand).toBeNull();
    registry.heartbeat("web-1", { ...status, runningCommand: { id: "c2", type: "pull" } }, 4_000);
    expect(registry.get("web-1")?.runningCommand).toEqual({ id: "c2", type: "pull" });
  });

  it("ignores heartbeats of hosts that never registered", () => {
    const registry = new HostRegistry();
    registry.heartbeat("ghost", status, 1_000);
    expect(registry.snapshot()).toEqual([]);
    expect(registry.takePatches()).toEqual([]);
  });

  it("marks a host dirty once however many heartbeats arrive before the batch is written", () => {
    const registry = new HostRegistry();
    registry.register(registration("web-1"), 1_000);
    for (let t = 2_000; t < 10_000; t += 1_000) registry.heartbeat("web-1", status, t);
    const dirty = registry.takeDirty();
    expect(dirty).toHaveLength(1);
    expect(dirty[0]!.lastSeenAt).toBe(9_000);
    expect(registry.takeDirty()).toEqual([]);
  });

  it("keeps hosts that only heartbeated for the less frequent write", () => {
    const registry = new HostRegistry();
    registry.register(registration("web-1"), 1_000);
    registry.takeDirty();
    registry.heartbeat("web-1", { ...status, uptimeSeconds: 99 }, 2_000);
    expect(registry.takeDirty(false)).toEqual([]);
    expect(registry.takeDirty(true).map((v) => v.uptimeSeconds)).toEqual([99]);
    registry.heartbeat("web-1", { ...status, headCommit: "b".repeat(40) }, 3_000);
    expect(registry.takeDirty(false).map((v) => v.headCommit)).toEqual(["b".repeat(40)]);
  });

  it("loads stored hosts as offline and brings them back online on registration", () => {
    const registry = new HostRegistry();
    registry.register(registration("web-1"), 1_000);
    const stored = registry.snapshot();
    const restarted = new HostRegistry();
    restarted.load(stored);
    expect(restarted.get("web-1")?.online).toBe(false);
    expect(restarted.register(registration("web-1"), 9_000)).toBe(false);
    expect(restarted.takePatches()).toEqual([{ name: "web-1", changes: { online: true, lastSeenAt: 9_000 } }]);
  });

  it("forgets a removed host and its pending changes", () => {
    const registry = new HostRegistry();
    registry.register(registration("web-1"), 1_000);
    expect(registry.remove("web-1")).toBe(true);
    expect(registry.takePatches()).toEqual([]);
    expect(registry.takeDirty()).toEqual([]);
    expect(registry.remove("web-1")).toBe(false);
  });

  it("keeps the indicators of a heartbeat that only moves the clock, and recomputes them when an input changes", () => {
    const registry = new HostRegistry();
    registry.register(registration("web-1"), 1_000);
    const before = registry.get("web-1")!.indicators;
    registry.heartbeat("web-1", { ...status, uptimeSeconds: 70, runningCommand: null }, 31_000);
    expect(registry.get("web-1")!.indicators).toBe(before);
    const running = { id: "7e0c6f8e-1d2b-4a51-9d4f-3f1f3c1f2a10", type: "switch" as const };
    registry.heartbeat("web-1", { ...status, runningCommand: running }, 32_000);
    expect(registry.get("web-1")!.indicators.find((i) => i.letter === "S")?.color).toBe("blue");
    registry.heartbeat("web-1", { ...status, runningCommand: { ...running } }, 33_000);
    registry.takePatches();
    registry.heartbeat("web-1", { ...status, runningCommand: { ...running } }, 34_000);
    expect(registry.takePatches()).toEqual([{ name: "web-1", changes: { lastSeenAt: 34_000 } }]);
  });
});

describe("HostRegistry.takeHeartbeatOnly", () => {
  it("hands out hosts whose only change was a heartbeat, once, and not the ones with other changes", () => {
    const registry = new HostRegistry();
    registry.register(registration("web-1"), 1_000);
    registry.register(registration("web-2"), 1_000);
    registry.takeDirty();
    registry.heartbeat("web-1", { ...status, uptimeSeconds: 50 }, 2_000);
    registry.heartbeat("web-2", { ...status, uptimeSeconds: 50 }, 2_000);
    registry.heartbeat("web-2", { ...status, headCommit: "c".repeat(40) }, 3_000);
    expect(registry.takeHeartbeatOnly().map((v) => v.name)).toEqual(["web-1"]);
    expect(registry.takeHeartbeatOnly()).toEqual([]);
    expect(registry.takeDirty(false).map((v) => v.name)).toEqual(["web-2"]);
    expect(registry.takeDirty(true)).toEqual([]);
  });
});
