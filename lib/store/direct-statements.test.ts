import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { STORE_PROVIDERS, useTestStores } from "../../test-support/store-providers";
import { Prisma } from "./generated/client.ts";
import type { Store } from "./client";
import { executeDirect } from "./direct-statements";

const openTestStore = useTestStores();

describe.each(STORE_PROVIDERS)("statements run past Prisma's client on %s", (provider) => {
  let store: Store;
  beforeEach(async () => (store = await openTestStore(provider)));
  afterEach(() => store.$disconnect());

  it("write text, integers, dates and nulls as Prisma's own statements do, on Prisma's connection", async () => {
    const prisma = vi.spyOn(store, "$executeRaw");
    const at = new Date("2026-12-05T10:11:12.345Z");
    const changed = await executeDirect(store, Prisma.sql`INSERT INTO "Host" ("id", "name", "platform", "lockModifiedAt", "headCommit", "lastSeenAt") VALUES (${"h-1"}, ${"web-1"}, ${"nixos"}, ${at}, ${null}, ${at})`);

    expect(changed).toBe(1);
    expect(prisma).not.toHaveBeenCalled();
    const host = await store.host.findUniqueOrThrow({ where: { name: "web-1" } });
    expect({ platform: host.platform, lockModifiedAt: host.lockModifiedAt, headCommit: host.headCommit }).toEqual({ platform: "nixos", lockModifiedAt: at, headCommit: null });
  });

  it("fail with the database's error, and leave the store usable", async () => {
    await executeDirect(store, Prisma.sql`INSERT INTO "Host" ("id", "name", "platform") VALUES (${"h-1"}, ${"web-1"}, ${"nixos"})`);
    await expect(executeDirect(store, Prisma.sql`INSERT INTO "Host" ("id", "name", "platform") VALUES (${"h-2"}, ${"web-1"}, ${"nixos"})`)).rejects.toThrow();
    expect(await store.host.count()).toBe(1);
  });
});
