import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../logger";
import type { Ack, CommandRun, CommandRunAck } from "../protocol/agent";
import { testRegistration } from "../../test-support/agent-messages";
import type { BulkRunView } from "../protocol/browser";
import type { Store } from "../store/client";
import { createTestStore, storeAudit } from "../../test-support/test-store";
import { BulkRuns, countBulkStates } from "./bulk-runs";
import { CommandService, type AgentLink } from "./command-service";
import { LiveFleet } from "./live-fleet";


describe("BulkRuns", () => {
  let store: Store;
  let fleet: LiveFleet;
  let service: CommandService;
  let bulk: BulkRuns;
  const runs: CommandRun[] = [];
  const log = createLogger("error");

  beforeEach(async () => {
    store = await createTestStore();
    fleet = new LiveFleet(store, log);
    await fleet.start();
    const link: AgentLink = {
      run: async (_host, command): Promise<CommandRunAck> => {
        runs.push(command);
        return { accepted: true };
      },
      stop: async (): Promise<Ack> => ({ ok: true }),
    };
    service = new CommandService(store, fleet, link, log, storeAudit(store), { lostAfterMs: 10_000, resultGraceMs: 10_000 });
    await service.start();
    bulk = new BulkRuns(service, log, storeAudit(store), 10);
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

  it("counts states", () => {
    expect(countBulkStates([
      { name: "a", state: "lost", reason: null, commandId: "1" },
      { name: "b", state: "awaiting-reconnect", reason: null, commandId: "2" },
      { name: "c", state: "cancelled", reason: null, commandId: "3" },
    ])).toEqual({ running: 1, succeeded: 0, failed: 2, skipped: 0 });
  });
});
