import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { STORE_PROVIDERS, useTestStores } from "../../test-support/store-providers";
import type { HostView } from "../protocol/browser";
import type { Store } from "./client";
import { deleteHost, loadHostViews, saveHostHeartbeats, saveHostViews } from "./hosts";

const view = (name: string, override: Partial<HostView> = {}): HostView => ({
  name, platform: "darwin", osVersion: "14.5", nixpkgsVersion: "24.05", agentVersion: "0.1.0", location: "work",
  deviceType: "laptop", themeColor: "#123456", repoUrl: "https://example.com/nixcfg", repoUrlSource: null, online: true, lastSeenAt: 1_800_000_000_123,
  headCommit: "a".repeat(40), lockHash: "b".repeat(64), lockModifiedAt: 1_700_000_000_000,
  currentSystem: "/nix/store/" + "c".repeat(32) + "-home-manager-generation", desiredSystem: null, uptimeSeconds: 42,
  desiredSystemEvaluating: false, desiredSystemError: null, runningCommand: null, lastCommand: null, lastTest: null, lastPreview: null, rolledBack: null, clockSkewMs: null,
  indicators: [], tags: [], ...override,
});

const openTestStore = useTestStores();

describe.each(STORE_PROVIDERS)("hosts on %s", (provider) => {
  let store: Store;
  beforeEach(async () => (store = await openTestStore(provider)));
  afterEach(() => store.$disconnect());

  describe("saveHostViews", () => {
    it("stores hosts and reads them back as they were, offline", async () => {
      await saveHostViews(store, [view("mac-1"), view("mac-2", { lockModifiedAt: null, headCommit: null })]);
      const loaded = await loadHostViews(store);
      expect(loaded).toEqual([
        { ...view("mac-1"), online: false },
        { ...view("mac-2", { lockModifiedAt: null, headCommit: null }), online: false },
      ]);
    });

    it("stores a host's tags and reads them back", async () => {
      await saveHostViews(store, [view("mac-1", { tags: ["canary", "eu-west"] })]);
      expect((await loadHostViews(store))[0]?.tags).toEqual(["canary", "eu-west"]);
    });

    it("updates existing hosts in place, in batches larger than one statement", async () => {
      const names = Array.from({ length: 450 }, (_, i) => `host-${String(i).padStart(3, "0")}`);
      await saveHostViews(store, names.map((name) => view(name)));
      await saveHostViews(store, names.map((name) => view(name, { uptimeSeconds: 99, lastSeenAt: 1_800_000_100_000 })));
      const loaded = await loadHostViews(store);
      expect(loaded).toHaveLength(450);
      expect(loaded.every((h) => h.uptimeSeconds === 99 && h.lastSeenAt === 1_800_000_100_000)).toBe(true);
    });

    it("keeps a host's id and first-seen time when it is written again", async () => {
      await saveHostViews(store, [view("mac-1")]);
      const before = await store.host.findUniqueOrThrow({ where: { name: "mac-1" } });
      await saveHostViews(store, [view("mac-1", { osVersion: "15.0" })]);
      const after = await store.host.findUniqueOrThrow({ where: { name: "mac-1" } });
      expect(after).toMatchObject({ id: before.id, firstSeenAt: before.firstSeenAt, osVersion: "15.0" });
    });
  });

  describe("saveHostHeartbeats", () => {
    it("writes only last seen and uptime, for stored hosts, over more rows than one statement", async () => {
      const names = Array.from({ length: 1_200 }, (_, i) => `host-${String(i).padStart(4, "0")}`);
      await saveHostViews(store, names.map((name) => view(name)));
      await saveHostHeartbeats(store, [
        ...names.map((name) => view(name, { uptimeSeconds: 7, lastSeenAt: 1_800_000_200_456, headCommit: "f".repeat(40) })),
        view("never-stored"),
      ]);
      const loaded = await loadHostViews(store);
      expect(loaded).toHaveLength(1_200);
      expect(loaded.every((h) => h.uptimeSeconds === 7 && h.lastSeenAt === 1_800_000_200_456 && h.headCommit === "a".repeat(40))).toBe(true);
    });
  });

  describe("deleteHost", () => {
    it("removes the host and its commands, and leaves the others", async () => {
      await saveHostViews(store, [view("mac-1"), view("mac-2")]);
      await store.command.create({ data: { id: "c1", hostName: "mac-1", type: "pull", state: "succeeded", requestedBy: "admin" } });
      await deleteHost(store, "mac-1");
      await deleteHost(store, "never-stored");
      expect((await loadHostViews(store)).map((h) => h.name)).toEqual(["mac-2"]);
      expect(await store.command.count()).toBe(0);
    });
  });
});
