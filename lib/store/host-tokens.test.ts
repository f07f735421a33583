import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { STORE_PROVIDERS, useTestStores } from "../../test-support/store-providers";
import type { Store } from "./client";
import {
  findNewestHostTokens,
  findNewestHostTokensOf,
  markHostTokensUsed,
  replaceHostTokens,
  revokeHostTokens,
  type HostToken,
  type TokenSource,
} from "./host-tokens";

const openTestStore = useTestStores();
const replaceHostToken = async (store: Store, hostName: string, hash: string, source: TokenSource): Promise<HostToken> =>
  (await replaceHostTokens(store, [{ hostName, hash, source }]))[0]!;
const findNewestHostToken = async (store: Store, hostName: string) =>
  (await findNewestHostTokensOf(store, [hostName])).get(hostName) ?? null;
const tick = () => new Promise((resolve) => setTimeout(resolve, 5)); // distinct createdAt, even at ms precision

describe.each(STORE_PROVIDERS)("host tokens on %s", (provider) => {
  let store: Store;
  beforeEach(async () => (store = await openTestStore(provider)));
  afterEach(() => store.$disconnect());

  it("replacing a host's token revokes the active one and keeps the new one active", async () => {
    const first = await replaceHostToken(store, "mac-1", "hash-1", "bootstrap");
    await tick();
    const second = await replaceHostToken(store, "mac-1", "hash-2", "manual");
    const rows = await store.hostToken.findMany({ where: { hostName: "mac-1" }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.id, r.source, r.revokedAt !== null])).toEqual([
      [first.id, "bootstrap", true],
      [second.id, "manual", false],
    ]);
    expect((await findNewestHostToken(store, "mac-1"))?.id).toBe(second.id);
    expect(await findNewestHostToken(store, "unknown")).toBeNull();
  });

  it("revokes only active tokens and counts them", async () => {
    await replaceHostToken(store, "mac-1", "hash-1", "manual");
    await replaceHostToken(store, "mac-2", "hash-2", "manual");
    expect(await revokeHostTokens(store, "mac-1")).toBe(1);
    expect(await revokeHostTokens(store, "mac-1")).toBe(0);
    expect((await findNewestHostToken(store, "mac-2"))?.revokedAt).toBeNull();
  });

  it("records when a token was last used", async () => {
    const token = await replaceHostToken(store, "mac-1", "hash-1", "manual");
    expect(token.lastUsedAt).toBeNull();
    const before = Date.now();
    await markHostTokensUsed(store, [token.id]);
    const used = await findNewestHostToken(store, "mac-1");
    expect(used?.lastUsedAt?.getTime()).toBeGreaterThanOrEqual(before - 1);
  });

  it("lists each host's newest token, revoked or not", async () => {
    await replaceHostToken(store, "mac-1", "hash-1", "bootstrap");
    await tick();
    const newest1 = await replaceHostToken(store, "mac-1", "hash-2", "manual");
    const only2 = await replaceHostToken(store, "mac-2", "hash-3", "manual");
    await revokeHostTokens(store, "mac-2");
    const newest = await findNewestHostTokens(store);
    expect(newest.map((t) => t.id).sort()).toEqual([newest1.id, only2.id].sort());
  });

  it("issues, finds and marks used the tokens of more hosts than one statement may carry", async () => {
    const hosts = Array.from({ length: 1_001 }, (_, i) => `host-${i}`);
    const issued = await replaceHostTokens(store, hosts.map((hostName) => ({ hostName, hash: `hash-${hostName}`, source: "bootstrap" as const })));
    const newest = await findNewestHostTokensOf(store, [...hosts, "unknown"]);
    expect(newest.size).toBe(1_001);
    expect(newest.get("host-1000")?.id).toBe(issued[1_000]!.id);
    await markHostTokensUsed(store, issued.map((token) => token.id));
    expect(await store.hostToken.count({ where: { lastUsedAt: null } })).toBe(0);
    expect(await findNewestHostTokens(store)).toHaveLength(1_001);
  });

  it("gives a host named twice in one batch both tokens in turn, the later one active", async () => {
    const [first, second] = await replaceHostTokens(store, [
      { hostName: "mac-1", hash: "hash-1", source: "bootstrap" },
      { hostName: "mac-1", hash: "hash-2", source: "manual" },
    ]);
    const rows = await store.hostToken.findMany({ where: { hostName: "mac-1" } });
    expect(rows.find((r) => r.id === first!.id)?.revokedAt).not.toBeNull();
    expect(rows.find((r) => r.id === second!.id)?.revokedAt).toBeNull();
  });

  it("lists no tokens when no host has one", async () => {
    expect(await findNewestHostTokens(store)).toEqual([]);
  });
});
