import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../logger";
import type { Ack, CommandRun, CommandRunAck } from "../protocol/agent";
import { testRegistration } from "../../test-support/agent-messages";
import type { BulkRunView } from "../protocol/browser";
import type { Store } from "../store/client";
import { storeBulkRuns } from "../store/bulk-runs";
import { createTestStore, storeAudit } from "../../test-support/test-store";
import { BulkRuns, countBulkStates } from "./bulk-runs";
import { CommandService, type AgentLink } from "./command-service";
import { LiveFleet } from "./live-fleet";


describe("BulkRuns", () => {
  let store: Store;
  let fleet: LiveFleet;
  let service: CommandService;
  let bulk: BulkRuns;
  let link: AgentLink;
  const runs: CommandRun[] = [];
  const log = createLogger("error");

  beforeEach(async () => {
    store = await createTestStore();
    fleet = new LiveFleet(store, log);
    await fleet.start();
    link = {
      run: async (_host, command): Promise<CommandRunAck> => {
        runs.push(command);
        return { accepted: true };
      },
      stop: async (): Promise<Ack> => ({ ok: true }),
    };
    service = new CommandService(store, fleet, link, log, storeAudit(store), { lostAfterMs: 10_000, resultGraceMs: 10_000 });
    await service.start();
    bulk = new BulkRuns(service, storeBulkRuns(store), log, storeAudit(store), 10);
    for (const name of ["a", "b", "c"]) await fleet.register(testRegistration(name));
    fleet.disconnect("c");
  });
  afterEach(async () => {
    service.stop();
    await fleet.stop();
    await store.$disconnect();
  });

  it("starts the command on every online host, skips the others with the reason, and ends with a summary", async () => {
    const progress: BulkRunView[] = [];
    bulk.subscribe((view) => progress.push(structuredClone(view)));
    const view = await bulk.start({ hosts: ["a", "b", "c"], type: "pull-switch", requestedBy: "admin" });
    expect(view.counts).toEqual({ running: 2, succeeded: 0, failed: 0, skipped: 1 });
    expect(view.hosts.find((h) => h.name === "c")).toMatchObject({ state: "skipped", reason: "c is offline" });

    const [runA, runB] = runs.slice(-2);
    const result = { type: "pull-switch" as const, exitCode: 0, startedAt: Date.now(), durationMs: 10, lastSeq: 0 };
    await service.receiveResult("a", { ...result, commandId: runA!.id, state: "succeeded" });
    await service.receiveResult("b", { ...result, commandId: runB!.id, state: "failed", exitCode: 1 });
    await new Promise((r) => setTimeout(r, 50));

    const last = progress.at(-1)!;
    expect(last.finishedAt).not.toBeNull();
    expect(last.counts).toEqual({ running: 0, succeeded: 1, failed: 1, skipped: 1 });
    expect(await store.auditEvent.count({ where: { action: "bulk.pull-switch" } })).toBe(1);
    expect(await store.auditEvent.count({ where: { action: "command.pull-switch" } })).toBe(0);
  });

  it("follows a run that was not finished when the dashboard stopped to its summary, from the store", async () => {
    await bulk.start({ hosts: ["a", "b", "c"], type: "pull", requestedBy: "admin" });
    const [runA, runB] = runs.slice(-2);
    service.stop();
    // The restarted dashboard: its services read the store again; the agents come back with their results.
    const restartedFleet = new LiveFleet(store, log);
    await restartedFleet.start();
    const restarted = new CommandService(store, restartedFleet, link, log, storeAudit(store), { lostAfterMs: 10_000, resultGraceMs: 10_000 });
    await restarted.start();
    const restartedBulk = new BulkRuns(restarted, storeBulkRuns(store), log, storeAudit(store), 10);
    await restartedBulk.restore();
    const [open] = restartedBulk.recent();
    expect(open).toMatchObject({ type: "pull", finishedAt: null, counts: { running: 2, succeeded: 0, failed: 0, skipped: 1 } });
    expect(open!.hosts.find((h) => h.name === "c")).toMatchObject({ state: "skipped", reason: "c is offline" });

    const progress: BulkRunView[] = [];
    restartedBulk.subscribe((view) => progress.push(structuredClone(view)));
    const result = { type: "pull" as const, exitCode: 0, startedAt: Date.now(), durationMs: 10, lastSeq: 0, state: "succeeded" as const };
    for (const [host, run] of [["a", runA], ["b", runB]] as const) {
      await restartedFleet.register(testRegistration(host));
      await restarted.agentRegistered(host, testRegistration(host).status);
      await restarted.receiveResult(host, { ...result, commandId: run!.id });
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(progress.at(-1)).toMatchObject({ id: open!.id, counts: { running: 0, succeeded: 2, failed: 0, skipped: 1 } });
    expect(progress.at(-1)!.finishedAt).not.toBeNull();
    expect((await store.bulkRun.findUniqueOrThrow({ where: { id: open!.id } })).finishedAt).not.toBeNull();
    restarted.stop();
    await restartedFleet.stop();
  });

  it("counts states", () => {
    expect(countBulkStates([
      { name: "a", state: "lost", reason: null, commandId: "1" },
      { name: "b", state: "awaiting-reconnect", reason: null, commandId: "2" },
      { name: "c", state: "cancelled", reason: null, commandId: "3" },
    ])).toEqual({ running: 1, succeeded: 0, failed: 2, skipped: 0 });
  });
});
