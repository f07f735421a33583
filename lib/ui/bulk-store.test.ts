import { describe, expect, it } from "vitest";
import type { BulkRunView } from "@/lib/protocol/browser";
import { BulkStore } from "./bulk-store";

function run(id: string, startedAt: number, changes: Partial<BulkRunView> = {}): BulkRunView {
  return {
    id,
    type: "switch",
    requestedBy: "admin",
    startedAt,
    finishedAt: null,
    hosts: [],
    counts: { running: 0, succeeded: 0, failed: 0, skipped: 0 },
    ...changes,
  };
}

describe("BulkStore", () => {
  it("shows the newest run and its progress", () => {
    const store = new BulkStore();
    store.update(run("a", 1));
    store.update(run("b", 2));
    store.update(run("a", 1, { finishedAt: 5 }));
    expect(store.getCurrent()?.id).toBe("b");
    store.update(run("b", 2, { counts: { running: 0, succeeded: 2, failed: 0, skipped: 0 }, finishedAt: 9 }));
    expect(store.getCurrent()?.counts.succeeded).toBe(2);
  });

  it("ignores a stale update that arrives after the run finished", () => {
    const store = new BulkStore();
    store.update(run("a", 1, { finishedAt: 5 }));
    store.update(run("a", 1));
    expect(store.getCurrent()?.finishedAt).toBe(5);
  });

  it("forgets a dismissed run for good", () => {
    const store = new BulkStore();
    store.update(run("a", 1));
    store.dismiss();
    store.update(run("a", 1, { finishedAt: 3 }));
    expect(store.getCurrent()).toBeNull();
  });
});
