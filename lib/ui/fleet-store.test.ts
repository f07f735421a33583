import { describe, expect, it, vi } from "vitest";
import { FleetStore, compareHostNames } from "./fleet-store";
import { testCommand, testHost, testIndicator } from "@/test-support/host-views";

const host = testHost;

describe("compareHostNames", () => {
  it("sorts numbers inside names naturally and ignores case", () => {
    expect(["web-10", "Web-2", "db", "web-1"].sort(compareHostNames)).toEqual(["db", "web-1", "Web-2", "web-10"]);
  });
});

describe("FleetStore", () => {
  it("is not loaded and connecting before the first snapshot", () => {
    const store = new FleetStore();
    expect(store.isLoaded()).toBe(false);
    expect(store.getConnection()).toBe("connecting");
    expect(store.getNames()).toEqual([]);
  });

  it("keeps a snapshot's hosts sorted by name and counts who is online", () => {
    const store = new FleetStore();
    store.applySnapshot([host("web-10"), host("web-2", { online: false }), host("db")]);
    expect(store.isLoaded()).toBe(true);
    expect(store.getNames()).toEqual(["db", "web-2", "web-10"]);
    expect(store.getSummary()).toMatchObject({ total: 3, online: 2, offline: 1 });
  });

  it("shows a snapshot's first part as rows at once, and counts the fleet loaded with its last", () => {
    const store = new FleetStore();
    store.applySnapshotPart({ hosts: [host("a"), host("b")], first: true, last: false });
    expect(store.getNames()).toEqual(["a", "b"]);
    expect(store.isLoaded()).toBe(false);
    store.applySnapshotPart({ hosts: [host("c")], first: false, last: true });
    expect(store.getNames()).toEqual(["a", "b", "c"]);
    expect(store.isLoaded()).toBe(true);
    expect(store.getSummary()).toMatchObject({ total: 3 });
  });

  it("keeps showing the fleet while a reconnect's snapshot arrives, then replaces it whole", () => {
    const store = new FleetStore();
    store.applySnapshot([host("a"), host("b"), host("old")]);
    store.applySnapshotPart({ hosts: [host("a")], first: true, last: false });
    expect(store.getNames()).toEqual(["a", "b", "old"]);
    store.applySnapshotPart({ hosts: [host("b"), host("new")], first: false, last: true });
    expect(store.getNames()).toEqual(["a", "b", "new"]);
    // A snapshot that starts again drops the parts of one that never finished.
    store.applySnapshotPart({ hosts: [host("x")], first: true, last: false });
    store.applySnapshotPart({ hosts: [host("y")], first: true, last: true });
    expect(store.getNames()).toEqual(["y"]);
  });

  it("hands the filter its hosts in name order, also after hosts join and leave", () => {
    const store = new FleetStore();
    store.applySnapshot([host("web-10"), host("web-2"), host("db")]);
    store.applyPatches([{ name: "app-1", changes: host("app-1") }]);
    store.removeHost("web-2");
    expect(store.getHosts().map((h) => h.name)).toEqual(["app-1", "db", "web-10"]);
  });

  it("replaces only the patched host and wakes only its listeners", () => {
    const store = new FleetStore();
    store.applySnapshot([host("a"), host("b")]);
    const a = store.getHost("a");
    const names = store.getNames();
    const summary = store.getSummary();
    const onA = vi.fn();
    const onB = vi.fn();
    const onFleet = vi.fn();
    store.subscribeHost("a", onA);
    store.subscribeHost("b", onB);
    store.subscribe(onFleet);

    store.applyPatches([{ name: "b", changes: { lastSeenAt: 2_000 } }]);

    expect(store.getHost("b")?.lastSeenAt).toBe(2_000);
    expect(store.getHost("a")).toBe(a);
    expect(store.getNames()).toBe(names);
    expect(store.getSummary()).toBe(summary);
    expect(onB).toHaveBeenCalledTimes(1);
    expect(onA).not.toHaveBeenCalled();
    expect(onFleet).not.toHaveBeenCalled();
  });

  it("updates the summary when a host goes offline", () => {
    const store = new FleetStore();
    store.applySnapshot([host("a"), host("b")]);
    const onFleet = vi.fn();
    store.subscribe(onFleet);
    store.applyPatches([{ name: "a", changes: { online: false, lastSeenAt: 5_000 } }]);
    expect(store.getSummary()).toMatchObject({ total: 2, online: 1, offline: 1 });
    expect(onFleet).toHaveBeenCalledTimes(1);
  });

  it("ignores a patch that changes nothing", () => {
    const store = new FleetStore();
    store.applySnapshot([host("a")]);
    const before = store.getHost("a");
    const onA = vi.fn();
    store.subscribeHost("a", onA);
    store.applyPatches([{ name: "a", changes: { online: true, lastSeenAt: 1_000 } }]);
    expect(store.getHost("a")).toBe(before);
    expect(onA).not.toHaveBeenCalled();
  });

  it("adds a host that first appears in a patch, in name order", () => {
    const store = new FleetStore();
    store.applySnapshot([host("web-1"), host("web-3")]);
    const { name: _name, ...fields } = host("web-2");
    store.applyPatches([{ name: "web-2", changes: fields }]);
    expect(store.getNames()).toEqual(["web-1", "web-2", "web-3"]);
    expect(store.getHost("web-2")?.name).toBe("web-2");
    expect(store.getSummary().total).toBe(3);
  });

  it("adds many new hosts at once in name order", () => {
    const store = new FleetStore();
    store.applySnapshot([]);
    const patches = Array.from({ length: 20 }, (_, i) => {
      const { name, ...changes } = host(`h-${20 - i}`);
      return { name, changes };
    });
    store.applyPatches(patches);
    expect(store.getNames()[0]).toBe("h-1");
    expect(store.getNames().at(-1)).toBe("h-20");
  });

  it("removes a host and tells its row", () => {
    const store = new FleetStore();
    store.applySnapshot([host("a"), host("b", { online: false })]);
    const onB = vi.fn();
    store.subscribeHost("b", onB);
    store.removeHost("b");
    expect(store.getNames()).toEqual(["a"]);
    expect(store.getHost("b")).toBeUndefined();
    expect(store.getSummary()).toMatchObject({ total: 1, online: 1, offline: 0 });
    expect(onB).toHaveBeenCalledTimes(1);
  });

  it("keeps unchanged hosts' objects across a new snapshot after a reconnect", () => {
    const store = new FleetStore();
    store.applySnapshot([host("a"), host("b")]);
    const a = store.getHost("a");
    const names = store.getNames();
    const onA = vi.fn();
    store.subscribeHost("a", onA);
    store.applySnapshot([host("a"), host("b", { lastSeenAt: 9_000 })]);
    expect(store.getHost("a")).toBe(a);
    expect(store.getNames()).toBe(names);
    expect(onA).not.toHaveBeenCalled();
    expect(store.getHost("b")?.lastSeenAt).toBe(9_000);
  });

  it("drops hosts a new snapshot no longer has", () => {
    const store = new FleetStore();
    store.applySnapshot([host("a"), host("b")]);
    store.applySnapshot([host("b")]);
    expect(store.getNames()).toEqual(["b"]);
  });

  it("reports connection changes once", () => {
    const store = new FleetStore();
    const onFleet = vi.fn();
    store.subscribe(onFleet);
    store.setConnection("live");
    store.setConnection("live");
    expect(store.getConnection()).toBe("live");
    expect(onFleet).toHaveBeenCalledTimes(1);
  });

  it("stops calling a listener after it unsubscribes", () => {
    const store = new FleetStore();
    store.applySnapshot([host("a")]);
    const onA = vi.fn();
    const stop = store.subscribeHost("a", onA);
    stop();
    store.applyPatches([{ name: "a", changes: { lastSeenAt: 3_000 } }]);
    expect(onA).not.toHaveBeenCalled();
  });

  it("moves the list version for what filters read, not for heartbeats", () => {
    const store = new FleetStore();
    store.applySnapshot([host("a"), host("b")]);
    const version = store.getListVersion();
    const onFleet = vi.fn();
    store.subscribe(onFleet);
    store.applyPatches([{ name: "a", changes: { lastSeenAt: 5_000, uptimeSeconds: 60 } }]);
    expect(store.getListVersion()).toBe(version);
    expect(onFleet).not.toHaveBeenCalled();
    store.applyPatches([{ name: "a", changes: { indicators: [testIndicator("G", "yellow")] } }]);
    expect(store.getListVersion()).toBe(version + 1);
    expect(store.getSummary()).toMatchObject({ attention: 1, busy: 0 });
    store.applyPatches([{ name: "b", changes: { lastCommand: testCommand() } }]);
    expect(store.getSummary()).toMatchObject({ attention: 1, busy: 1 });
    expect(onFleet).toHaveBeenCalledTimes(2);
  });

  it("keeps the fleet target and tells listeners only when it changes", () => {
    const store = new FleetStore();
    const onFleet = vi.fn();
    store.subscribe(onFleet);
    const state = { configured: false, target: null, fetchedAt: null, staleReason: null, agentVersion: "0.1.0" };
    store.setTarget(state);
    store.setTarget({ ...state });
    expect(store.getTarget()).toEqual(state);
    expect(onFleet).toHaveBeenCalledTimes(1);
  });

  it("keeps an equal field's old object when a patch repeats it", () => {
    const store = new FleetStore();
    store.applySnapshot([host("a", { indicators: [testIndicator("G", "green")] })]);
    const indicators = store.getHost("a")!.indicators;
    store.applyPatches([{ name: "a", changes: { indicators: [testIndicator("G", "green")], lastSeenAt: 7_000 } }]);
    expect(store.getHost("a")!.indicators).toBe(indicators);
    expect(store.getHost("a")!.lastSeenAt).toBe(7_000);
  });
});
