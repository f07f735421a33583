import { afterEach, describe, expect, it } from "vitest";
import type { HostView } from "../protocol/browser";
import type { Store } from "./client";
import { createCommands } from "./commands";
import { updateCommands } from "./command-updates";
import { saveHostViews } from "./hosts";
import { STORE_PROVIDERS, useTestStores } from "../../test-support/store-providers";
import { testHost } from "../../test-support/host-views";

describe.each(STORE_PROVIDERS)("updateCommands on %s", (provider) => {
  const openStore = useTestStores();
  let store: Store;
  afterEach(() => store.$disconnect());

  async function commands(count: number): Promise<string[]> {
    store = await openStore(provider);
    const hosts: HostView[] = Array.from({ length: count }, (_, i) => testHost(`host-${String(i).padStart(4, "0")}`));
    await saveHostViews(store, hosts);
    const created = await createCommands(store, hosts.map((host, i) => ({ id: `cmd-${i}`, hostName: host.name, type: "pull", requestedBy: "admin" })));
    return created.map((command) => command.id);
  }

  it("stores the results of a bulk run in a few statements, each as given, and returns each command as stored", async () => {
    const ids = await commands(250);
    const finishedAt = new Date(1_800_000_000_123);
    const summaries = await updateCommands(store, ids.map((id, i) => ({
      id,
      update: { state: i % 2 ? "failed" : "succeeded", exitCode: i % 2, durationMs: 1000 + i, reason: null, finishedAt, system: `/nix/store/${i}-system` },
    })));

    expect(summaries.map((s) => [s?.id, s?.state, s?.exitCode, s?.durationMs, s?.finishedAt])).toEqual(
      ids.map((id, i) => [id, i % 2 ? "failed" : "succeeded", i % 2, 1000 + i, finishedAt.getTime()]),
    );
    const stored = await store.command.findMany({ orderBy: { durationMs: "asc" } });
    expect(stored.map((row) => [row.id, row.state, row.system, row.finishedAt?.getTime(), row.requestedBy])).toEqual(
      ids.map((id, i) => [id, i % 2 ? "failed" : "succeeded", `/nix/store/${i}-system`, finishedAt.getTime(), "admin"]),
    );
  });

  it("writes only the fields each update names, and two updates of one command in the order given", async () => {
    const [a, b] = await commands(2);
    const startedAt = new Date(1_800_000_000_000);
    const summaries = await updateCommands(store, [
      { id: a!, update: { state: "running", startedAt } },
      { id: b!, update: { state: "running", startedAt } },
      { id: a!, update: { state: "succeeded", exitCode: 0, tests: "[]" } },
      { id: "no-such-command", update: { state: "failed" } },
    ]);

    expect(summaries.map((s) => s?.state ?? null)).toEqual(["running", "running", "succeeded", null]);
    const rowA = await store.command.findUniqueOrThrow({ where: { id: a! } });
    expect(rowA).toMatchObject({ state: "succeeded", exitCode: 0, tests: "[]", reason: null });
    expect(rowA.startedAt?.getTime()).toBe(startedAt.getTime());
    const rowB = await store.command.findUniqueOrThrow({ where: { id: b! } });
    expect(rowB).toMatchObject({ state: "running", exitCode: null, tests: null });
  });

  it("clears a field set to null (a lost command reopened)", async () => {
    const [a] = await commands(1);
    await updateCommands(store, [{ id: a!, update: { state: "lost", finishedAt: new Date(), reason: "gone" } }]);
    const [reopened] = await updateCommands(store, [{ id: a!, update: { state: "running", finishedAt: null, reason: null } }]);
    expect(reopened).toMatchObject({ state: "running", finishedAt: null, reason: null });
  });
});
