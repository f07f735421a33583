import { describe, expect, it } from "vitest";
import { DEFAULT_FLEET_FILTER, StableNames, fleetTags, hostListKey, isDefaultFilter, sameNames, selectHostNames, type FleetFilter } from "./fleet-filter";
import { testCommand, testHost, testIndicator } from "@/test-support/host-views";

const fleet = [
  testHost("web-10", { location: "cloud", deviceType: "server", lastSeenAt: 5_000, tags: ["canary", "web"] }),
  testHost("web-2", { location: "cloud", deviceType: "server", indicators: [testIndicator("G", "yellow")], tags: ["web"] }),
  testHost("nas", { location: "home", deviceType: "desktop", online: false, lastSeenAt: 3_000 }),
  testHost("laptop", { location: "work", deviceType: "laptop", platform: "darwin", online: false, lastSeenAt: 4_000 }),
  testHost("db", { location: "home", deviceType: "server", lastCommand: testCommand(), indicators: [testIndicator("T", "red")] }),
  testHost("build", { location: "cloud", deviceType: "server", lastCommand: testCommand({ state: "running" }) }),
];

const select = (changes: Partial<FleetFilter>) => selectHostNames(fleet, { ...DEFAULT_FLEET_FILTER, ...changes });

describe("selectHostNames", () => {
  it("lists every host in natural name order by default", () => {
    expect(select({})).toEqual(["build", "db", "laptop", "nas", "web-2", "web-10"]);
  });

  it("filters by status: needs attention, offline, busy", () => {
    expect(select({ status: "attention" })).toEqual(["db", "web-2"]);
    expect(select({ status: "offline" })).toEqual(["laptop", "nas"]);
    expect(select({ status: "busy" })).toEqual(["build", "db"]);
  });

  it("filters by location and device type together", () => {
    expect(select({ location: "cloud" })).toEqual(["build", "web-2", "web-10"]);
    expect(select({ location: "home", deviceType: "server" })).toEqual(["db"]);
  });

  it("filters by tag and by platform", () => {
    expect(select({ tag: "web" })).toEqual(["web-2", "web-10"]);
    expect(select({ tag: "canary" })).toEqual(["web-10"]);
    expect(select({ platform: "darwin" })).toEqual(["laptop"]);
    expect(select({ tag: "web", platform: "darwin" })).toEqual([]);
  });

  it("finds hosts by a tag in the text", () => {
    expect(select({ text: "canary" })).toEqual(["web-10"]);
  });

  it("matches every word of the text in name, location, device type or platform", () => {
    expect(select({ text: "WEB" })).toEqual(["web-2", "web-10"]);
    expect(select({ text: "darwin" })).toEqual(["laptop"]);
    expect(select({ text: "home server" })).toEqual(["db"]);
    expect(select({ text: "  " })).toHaveLength(fleet.length);
  });

  it("sorts by status: problems, attention, offline, busy, then the rest", () => {
    expect(select({ sort: "status" })).toEqual(["db", "web-2", "laptop", "nas", "build", "web-10"]);
  });

  it("sorts by last seen: online hosts by name, then offline ones most recent first", () => {
    expect(select({ sort: "last-seen" })).toEqual(["build", "db", "web-2", "web-10", "laptop", "nas"]);
  });

  it("knows the default filter whatever the sort", () => {
    expect(isDefaultFilter({ ...DEFAULT_FLEET_FILTER, sort: "status" })).toBe(true);
    expect(isDefaultFilter({ ...DEFAULT_FLEET_FILTER, text: "x" })).toBe(false);
  });
});

describe("fleetTags", () => {
  it("lists every tag once, sorted", () => {
    expect(fleetTags(fleet)).toEqual(["canary", "web"]);
  });
});

describe("hostListKey", () => {
  it("ignores heartbeats of online hosts", () => {
    const host = testHost("a", { lastSeenAt: 1_000, uptimeSeconds: 5 });
    expect(hostListKey({ ...host, lastSeenAt: 2_000, uptimeSeconds: 6 })).toBe(hostListKey(host));
  });

  it("changes with what filters and sorts read", () => {
    const host = testHost("a");
    expect(hostListKey({ ...host, online: false })).not.toBe(hostListKey(host));
    expect(hostListKey({ ...host, indicators: [testIndicator("G", "yellow")] })).not.toBe(hostListKey(host));
    expect(hostListKey({ ...host, lastCommand: testCommand() })).not.toBe(hostListKey(host));
    expect(hostListKey({ ...host, location: "cloud" })).not.toBe(hostListKey(host));
    expect(hostListKey({ ...host, tags: ["canary"] })).not.toBe(hostListKey(host));
  });
});

describe("sameNames", () => {
  it("compares by content", () => {
    expect(sameNames(["a", "b"], ["a", "b"])).toBe(true);
    expect(sameNames(["a", "b"], ["b", "a"])).toBe(false);
    expect(sameNames(["a"], ["a", "b"])).toBe(false);
  });
});

describe("StableNames", () => {
  it("keeps the old array for the same names", () => {
    const stable = new StableNames();
    const first = stable.keep(["a", "b"]);
    expect(stable.keep(["a", "b"])).toBe(first);
    expect(stable.keep(["b", "a"])).toEqual(["b", "a"]);
  });
});
