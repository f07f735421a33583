import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "./client";
import { describeStoreError, probeStoreWrite } from "./store-probe";
import { createTestStore, fillStore } from "../../test-support/test-store";

describe("probeStoreWrite", () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
  });
  afterEach(async () => {
    await store.$disconnect();
  });

  it("writes this replica's probe row", async () => {
    expect(await probeStoreWrite(store, "replica-a")).toBe("ok");
    expect(await store.storeProbe.findUnique({ where: { replica: "replica-a" } })).not.toBeNull();
  });

  it("says the store is full when SQLite cannot grow the file", async () => {
    await fillStore(store);
    expect(await probeStoreWrite(store, "replica-a")).toBe("full");
  });
});

describe("describeStoreError", () => {
  it.each([
    ["SqliteError: database or disk is full", "full"],
    ["could not extend file \"base/16384/2619\": No space left on device", "full"],
    ["SqliteError: attempt to write a readonly database", "read-only"],
    ["cannot execute INSERT in a read-only transaction", "read-only"],
    ["Connection terminated unexpectedly", "unavailable"],
  ] as const)("%s → %s", (message, condition) => {
    expect(describeStoreError(new Error(message))).toBe(condition);
  });
});
