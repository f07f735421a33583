import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../logger";
import type { Ack, CommandRun, CommandRunAck, OutputChunk } from "../protocol/agent";
import { testRegistration, testStatus } from "../../test-support/agent-messages";
import { storeConnection, type Store } from "../store/client";
import { readOutput } from "../store/commands";
import { findPreview } from "../store/previews";
import { createTestStore, fillStore, storeAudit } from "../../test-support/test-store";
import { CommandService, continuesFrom, type AgentLink } from "./command-service";
import { LiveFleet } from "./live-fleet";

const status = testStatus();

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
const registration = (hostname: string) => testRegistration(hostname);
const lines = (from: number, to: number): OutputChunk[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i, stream: "stdout" as const, line: `line ${from + i}` }));

class FakeAgents implements AgentLink {
  runs: CommandRun[] = [];
  answer: CommandRunAck = { accepted: true };
  async run(_host: string, command: CommandRun) {
    this.runs.push(command);
    return this.answer;
  }
  async stop(): Promise<Ack> {
    return { ok: true };
  }
}

describe("CommandService", () => {
  let store: Store;
  let fleet: LiveFleet;
  let agents: FakeAgents;
  let service: CommandService;
  const log = createLogger("error");

  beforeEach(async () => {
    store = await createTestStore();
    fleet = new LiveFleet(store, log);
    await fleet.start();
    agents = new FakeAgents();
    service = new CommandService(store, fleet, agents, log, storeAudit(store), { lostAfterMs: 200, resultGraceMs: 100 });
    await service.start();
    await fleet.register(registration("web-1"));
    await fleet.register(registration("web-2"));
  });

  afterEach(async () => {
    service.stop();
    await fleet.stop();
    await store.$disconnect();
  });

  async function startSwitch(host = "web-1") {
    const outcome = await service.request({ host, type: "switch", requestedBy: "admin" });
    if (!outcome.ok) throw new Error(outcome.reason);
    return outcome.command.id;
  }

  it("starts a command on a host that registered a moment ago, before its row was written", async () => {
    const registering = fleet.register(registration("new-1"));
    const outcome = await service.request({ host: "new-1", type: "pull", requestedBy: "admin" });
    expect(outcome.ok).toBe(true);
    await registering;
  });

  it("records a command the agent accepted as running, and audits it", async () => {
    const id = await startSwitch();
    expect(agents.runs).toEqual([{ id, type: "switch" }]);
    expect(fleet.get("web-1")?.lastCommand).toMatchObject({ id, state: "running", requestedBy: "admin" });
    expect(await store.auditEvent.findFirst({ where: { action: "command.switch" } })).toMatchObject({ target: "web-1" });
  });

  it("sends the agent the request's options (a switch without its health gate, a rollback's generation), and audits the gate turned off", async () => {
    const switched = await service.request({ host: "web-1", type: "switch", runTests: false, requestedBy: "admin" });
    const rolledBack = await service.request({ host: "web-2", type: "rollback", generation: 3, requestedBy: "admin" });
    if (!switched.ok || !rolledBack.ok) throw new Error("refused");
    expect(agents.runs).toEqual([
      { id: switched.command.id, type: "switch", runTests: false },
      { id: rolledBack.command.id, type: "rollback", generation: 3 },
    ]);
    const audited = await store.auditEvent.findFirst({ where: { action: "command.switch" } });
    expect(JSON.parse(String(audited?.detail))).toEqual({ commandId: switched.command.id, runTests: false });
  });

  it("starts a command under the id its caller recorded first, and never a second command with that id", async () => {
    const id = "5d0c2a3e-6f1b-4c1e-9a0b-2f4c1d3e5a67";
    expect(await service.request({ host: "web-1", type: "pull", requestedBy: "rollout", id })).toMatchObject({ ok: true, command: { id } });
    await service.receiveResult("web-1", { commandId: id, type: "pull", state: "succeeded", exitCode: 0, startedAt: Date.now(), durationMs: 5, lastSeq: 0 });
    expect(await service.request({ host: "web-1", type: "pull", requestedBy: "rollout", id })).toEqual({ ok: false, reason: `command ${id} exists already` });
    expect(agents.runs).toEqual([{ id, type: "pull" }]);
  });

  it("keeps a refused command as failed with the agent's reason", async () => {
    agents.answer = { accepted: false, reason: "busy: pull 123 is running" };
    const outcome = await service.request({ host: "web-1", type: "switch", requestedBy: "admin" });
    expect(outcome).toEqual({ ok: false, reason: "busy: pull 123 is running" });
    expect(fleet.get("web-1")?.lastCommand).toMatchObject({ state: "failed", reason: "busy: pull 123 is running" });
  });

  it("refuses a second command while one runs", async () => {
    await startSwitch();
    expect(await service.request({ host: "web-1", type: "pull", requestedBy: "admin" })).toEqual({
      ok: false, reason: "busy: switch is running",
    });
  });

  it("stores output once and in order however it is resent, acking the contiguous prefix", async () => {
    const commandId = await startSwitch();
    expect(await service.receiveOutput("web-1", { commandId, chunks: lines(1, 3) })).toEqual({ ok: true, storedThrough: 3 });
    expect(await service.receiveOutput("web-1", { commandId, chunks: lines(6, 8) })).toEqual({ ok: true, storedThrough: 3 });
    expect(await service.receiveOutput("web-1", { commandId, chunks: lines(2, 5) })).toEqual({ ok: true, storedThrough: 8 });
    expect(await service.receiveOutput("web-1", { commandId, chunks: lines(1, 8) })).toEqual({ ok: true, storedThrough: 8 });
    const stored = await readOutput(store, commandId, 0, 100);
    expect(stored.map((l) => l.line)).toEqual(lines(1, 8).map((l) => l.line));
  });

  it("relays output to its watchers as it arrives, before it is stored, and each line once when it is stored after", async () => {
    const commandId = await startSwitch();
    const relayed: number[] = [];
    service.subscribe({ output: (_id, chunks) => relayed.push(...chunks.map((c) => c.seq)), changed: () => undefined });

    service.relayOutput("web-1", { commandId, chunks: lines(1, 3) });
    expect(relayed).toEqual([1, 2, 3]);
    expect(await readOutput(store, commandId, 0, 100)).toEqual([]);
    service.relayOutput("web-2", { commandId, chunks: lines(4, 5) });
    expect(relayed).toEqual([1, 2, 3]);

    expect(await service.receiveOutput("web-1", { commandId, chunks: lines(1, 3) })).toEqual({ ok: true, storedThrough: 3 });
    expect(await service.receiveOutput("web-1", { commandId, chunks: lines(4, 5) })).toEqual({ ok: true, storedThrough: 5 });
    expect(relayed).toEqual([1, 2, 3, 4, 5]);
  });

  it("keeps the lines it relayed until they are stored, for a watcher that starts meanwhile", async () => {
    const commandId = await startSwitch();
    service.relayOutput("web-1", { commandId, chunks: lines(1, 3) });
    expect(service.unstoredOutput(commandId).map((l) => l.seq)).toEqual([1, 2, 3]);
    await service.receiveOutput("web-1", { commandId, chunks: lines(1, 2) });
    expect(service.unstoredOutput(commandId).map((l) => l.seq)).toEqual([3]);
    await service.receiveOutput("web-1", { commandId, chunks: lines(3, 3) });
    expect(service.unstoredOutput(commandId)).toEqual([]);
  });

  it("refuses output and results for another host's command", async () => {
    const commandId = await startSwitch("web-1");
    expect(await service.receiveOutput("web-2", { commandId, chunks: lines(1, 1) })).toEqual({
      ok: false, error: `unknown command ${commandId}`,
    });
    const result = { commandId, type: "switch" as const, state: "succeeded" as const, exitCode: 0, startedAt: Date.now(), durationMs: 5, lastSeq: 0 };
    expect(await service.receiveResult("web-2", result)).toEqual({ ok: false, error: `unknown command ${commandId}` });
    expect(await readOutput(store, commandId, 0, 10)).toEqual([]);
  });

  it("ends a command with its result, and acknowledges a repeated result", async () => {
    const commandId = await startSwitch();
    const result = { commandId, type: "switch" as const, state: "failed" as const, exitCode: 3, startedAt: Date.now(), durationMs: 1500, lastSeq: 0 };
    expect(await service.receiveResult("web-1", result)).toEqual({ ok: true });
    expect(await service.receiveResult("web-1", result)).toEqual({ ok: true });
    expect(fleet.get("web-1")?.lastCommand).toMatchObject({ state: "failed", exitCode: 3, durationMs: 1500 });
  });

  it("stores the results of a bulk run that arrive together in a few statements, each as its agent sent it", async () => {
    const hosts = Array.from({ length: 300 }, (_, i) => `bulk-${i}`);
    await Promise.all(hosts.map((host) => fleet.register(registration(host))));
    const outcomes = await service.requestMany(hosts.map((host) => ({ host, type: "pull" as const, requestedBy: "admin" })));
    const ids = outcomes.map((outcome) => (outcome.ok ? outcome.command.id : ""));
    const statements = vi.spyOn(store, "$queryRaw");

    const acks = await Promise.all(hosts.map((host, i) =>
      service.receiveResult(host, { commandId: ids[i]!, type: "pull", state: i % 3 ? "succeeded" : "failed", exitCode: i % 3 ? 0 : 1, startedAt: Date.now(), durationMs: i, lastSeq: 0 }),
    ));

    expect(acks.every((ack) => ack.ok)).toBe(true);
    expect(statements.mock.calls.length).toBeLessThan(10);
    const stored = await store.command.findMany({ where: { id: { in: ids } } });
    expect(new Map(stored.map((row) => [row.id, [row.state, row.durationMs]]))).toEqual(new Map(ids.map((id, i) => [id, [i % 3 ? "succeeded" : "failed", i]])));
    expect(hosts.every((host, i) => fleet.get(host)?.lastCommand?.state === (i % 3 ? "succeeded" : "failed"))).toBe(true);
  });

  it("stores the output of many commands that arrives together in a few statements, every line once", async () => {
    const hosts = Array.from({ length: 300 }, (_, i) => `out-${i}`);
    await Promise.all(hosts.map((host) => fleet.register(registration(host))));
    const outcomes = await service.requestMany(hosts.map((host) => ({ host, type: "pull" as const, requestedBy: "admin" })));
    const ids = outcomes.map((outcome) => (outcome.ok ? outcome.command.id : ""));
    // Every statement, Prisma's and those run past it, goes through the store's connection.
    const connection = storeConnection(store);
    const raw = [vi.spyOn(connection, "queryRaw"), vi.spyOn(connection, "executeRaw")];
    const lines = (from: number, to: number): OutputChunk[] =>
      Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i, stream: "stdout" as const, line: `line ${from + i}` }));

    const acks = await Promise.all(hosts.flatMap((host, i) => [
      service.receiveOutput(host, { commandId: ids[i]!, chunks: lines(1, 3) }),
      // The same lines again and the next ones: a resend racing its first send.
      service.receiveOutput(host, { commandId: ids[i]!, chunks: lines(2, 5) }),
    ]));

    expect(acks.every((ack) => ack.ok)).toBe(true);
    expect(raw.reduce((sum, spy) => sum + spy.mock.calls.length, 0)).toBeLessThan(10);
    expect(acks.filter((_, i) => i % 2 === 1)).toEqual(hosts.map(() => ({ ok: true, storedThrough: 5 })));
    for (const id of [ids[0]!, ids[299]!]) expect(await readOutput(store, id, 0, 100)).toEqual(lines(1, 5));
  });

  it("keeps the result of a command that ended before the agents of its batch all answered", async () => {
    // A fast test run: its result arrives while the other agents of the bulk run are still being asked.
    agents.run = async (host, command) => {
      agents.runs.push(command);
      const result = { commandId: command.id, type: command.type as "test", state: "failed" as const, exitCode: null, startedAt: Date.now(), durationMs: 30, lastSeq: 0 };
      if (host === "web-1") expect(await service.receiveResult(host, result)).toEqual({ ok: true });
      return { accepted: true };
    };
    await service.requestMany([
      { host: "web-1", type: "test", requestedBy: "admin" },
      { host: "web-2", type: "test", requestedBy: "admin" },
    ]);
    expect(fleet.get("web-1")?.lastCommand).toMatchObject({ state: "failed", durationMs: 30 });
    expect(fleet.get("web-2")?.lastCommand).toMatchObject({ state: "running" });
  });

  it("waits for an agent that went away, resumes when it reports the command, and marks it lost otherwise", async () => {
    const kept = await startSwitch("web-1");
    const lost = await startSwitch("web-2");
    await service.agentDisconnected("web-1");
    await service.agentDisconnected("web-2");
    expect(fleet.get("web-1")?.lastCommand?.state).toBe("awaiting-reconnect");
    await service.agentRegistered("web-1", { ...status, runningCommand: { id: kept, type: "switch" } });
    expect(fleet.get("web-1")?.lastCommand?.state).toBe("running");
    await new Promise((r) => setTimeout(r, 400));
    expect(fleet.get("web-1")?.lastCommand?.state).toBe("running");
    expect(fleet.get("web-2")?.lastCommand).toMatchObject({ id: lost, state: "lost" });
  });

  const result = (commandId: string, lastSeq = 0) => ({
    commandId, type: "switch" as const, state: "succeeded" as const, exitCode: 0, startedAt: Date.now(), durationMs: 5, lastSeq,
  });

  it("keeps waiting for the result of a finished command while its output is still arriving", async () => {
    const commandId = await startSwitch();
    await service.agentDisconnected("web-1");
    // Back without the command running: it ended while the agent was away, its output and result follow.
    await service.agentRegistered("web-1", status);
    for (let seq = 1; seq <= 8; seq++) {
      await new Promise((r) => setTimeout(r, 40));
      expect(await service.receiveOutput("web-1", { commandId, chunks: lines(seq, seq) })).toEqual({ ok: true, storedThrough: seq });
    }
    // 320 ms of output against a grace of 100 ms: each stored batch restarted it.
    expect(fleet.get("web-1")?.lastCommand?.state).toBe("awaiting-reconnect");
    expect(await service.receiveResult("web-1", result(commandId, 8))).toEqual({ ok: true });
    expect(fleet.get("web-1")?.lastCommand).toMatchObject({ state: "succeeded", exitCode: 0 });
  });

  it("stores a result that arrives after the command was marked lost", async () => {
    const commandId = await startSwitch();
    await service.agentDisconnected("web-1");
    await until(() => fleet.get("web-1")?.lastCommand?.state === "lost");
    await service.agentRegistered("web-1", status);
    expect(await service.receiveResult("web-1", { ...result(commandId), state: "failed", exitCode: 4 })).toEqual({ ok: true });
    expect(fleet.get("web-1")?.lastCommand).toMatchObject({ id: commandId, state: "failed", exitCode: 4, reason: null });
    expect(await store.command.findUnique({ where: { id: commandId } })).toMatchObject({ state: "failed", exitCode: 4, reason: null });
    // A result repeated after that changes nothing.
    expect(await service.receiveResult("web-1", result(commandId))).toEqual({ ok: true });
    expect((await store.command.findUnique({ where: { id: commandId } }))?.state).toBe("failed");
  });

  it("reopens a lost command when its agent comes back still running it", async () => {
    const commandId = await startSwitch();
    await service.agentDisconnected("web-1");
    await until(() => fleet.get("web-1")?.lastCommand?.state === "lost");
    await service.agentRegistered("web-1", { ...status, runningCommand: { id: commandId, type: "switch" } });
    expect(fleet.get("web-1")?.lastCommand).toMatchObject({ id: commandId, state: "running", finishedAt: null, reason: null });
    expect(await service.request({ host: "web-1", type: "test", requestedBy: "admin" })).toEqual({
      ok: false, reason: "busy: switch is running",
    });
    expect(await service.receiveResult("web-1", result(commandId))).toEqual({ ok: true });
    expect(fleet.get("web-1")?.lastCommand?.state).toBe("succeeded");
  });

  it("fails on output a full store cannot take, never refusing it as the agent's fault", async () => {
    // The gateway answers a handler that throws with a retryable refusal (handle-message.test.ts):
    // the agent keeps the lines and sends them again once the store has room.
    const commandId = await startSwitch();
    await fillStore(store);
    const big = Array.from({ length: 50 }, (_, i) => ({ seq: i + 1, stream: "stdout" as const, line: "x".repeat(2_000) }));
    await expect(service.receiveOutput("web-1", { commandId, chunks: big })).rejects.toThrow(/database or disk is full/);
  });

  it("stores output that arrives after the result once, acknowledging from its mark", async () => {
    const commandId = await startSwitch();
    await service.receiveOutput("web-1", { commandId, chunks: lines(1, 3) });
    await service.receiveResult("web-1", result(commandId, 6));
    expect(await service.receiveOutput("web-1", { commandId, chunks: lines(4, 5) })).toEqual({ ok: true, storedThrough: 5 });
    expect(await service.receiveOutput("web-1", { commandId, chunks: lines(3, 6) })).toEqual({ ok: true, storedThrough: 6 });
    expect((await readOutput(store, commandId, 0, 100)).map((l) => l.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("keeps a command's output up to its limit, marks the cut once, and still takes the rest of the command", async () => {
    service.stop();
    const limited = (maxOutputChars: number) =>
      new CommandService(store, fleet, agents, log, storeAudit(store), { lostAfterMs: 60_000, resultGraceMs: 100, maxOutputChars });
    service = limited(30);
    await service.start();
    const commandId = await startSwitch();
    // "line N" is 6 characters: lines 1–5 fit 30, line 6 does not.
    expect(await service.receiveOutput("web-1", { commandId, chunks: lines(1, 3) })).toEqual({ ok: true, storedThrough: 3 });
    expect(await service.receiveOutput("web-1", { commandId, chunks: lines(4, 8) })).toEqual({ ok: true, storedThrough: 8 });
    service.stop();
    // A restart does not cut again, nor store anything past the cut.
    service = limited(30);
    await service.start();
    expect(await service.receiveOutput("web-1", { commandId, chunks: lines(9, 10) })).toEqual({ ok: true, storedThrough: 10 });
    expect(await service.receiveResult("web-1", result(commandId, 10))).toEqual({ ok: true });
    expect(fleet.get("web-1")?.lastCommand).toMatchObject({ id: commandId, state: "succeeded" });
    const stored = await readOutput(store, commandId, 0, 100);
    expect(stored.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(stored.at(-1)).toMatchObject({ stream: "system", line: expect.stringMatching(/output limit of 30 characters.*from line 6 on/) });
  });

  it("keeps a host rolled back through later commands and a restart, until a switch succeeds", async () => {
    const rollback = { fromGeneration: 8, toGeneration: 7, reason: "no confirmation from the dashboard within 8 s after the switch" };
    const switched = await startSwitch();
    await service.receiveResult("web-1", { ...result(switched), state: "rolled-back", rollback });
    const test = await service.request({ host: "web-1", type: "test", requestedBy: "admin" });
    if (!test.ok) throw new Error(test.reason);
    await service.receiveResult("web-1", { ...result(test.command.id), type: "test" });
    expect(fleet.get("web-1")?.rolledBack).toMatchObject({ ...rollback, at: expect.any(Number) });
    service.stop();
    await fleet.stop();
    fleet = new LiveFleet(store, log);
    await fleet.start();
    await fleet.register(registration("web-1"));
    service = new CommandService(store, fleet, agents, log, storeAudit(store), { lostAfterMs: 200, resultGraceMs: 100 });
    await service.start();
    expect(fleet.get("web-1")?.lastCommand?.type).toBe("test");
    expect(fleet.get("web-1")?.rolledBack).toMatchObject(rollback);
    await service.receiveResult("web-1", result(await startSwitch()));
    expect(fleet.get("web-1")?.rolledBack).toBeNull();
  });

  it("stores the dashboard's times, not the agent's, and estimates how far the agent's clock is off", async () => {
    const commandId = await startSwitch();
    const yearAhead = Date.now() + 365 * 24 * 3_600_000;
    const before = Date.now();
    await service.receiveResult("web-1", { ...result(commandId), startedAt: yearAhead, durationMs: 20 });
    const row = await store.command.findUniqueOrThrow({ where: { id: commandId } });
    expect(row.finishedAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(row.startedAt!.getTime()).toBeLessThanOrEqual(before);
    expect(row.finishedAt!.getTime() - row.startedAt!.getTime()).toBeLessThanOrEqual(20);
    expect(fleet.get("web-1")?.clockSkewMs).toBeGreaterThan(365 * 24 * 3_600_000 - 60_000);
  });

  it("shows the latest test run after a restart, even when an older one has a finish time in the future", async () => {
    const testRun = async () => {
      const outcome = await service.request({ host: "web-1", type: "test", requestedBy: "admin" });
      if (!outcome.ok) throw new Error(outcome.reason);
      return outcome.command.id;
    };
    const older = await testRun();
    await service.receiveResult("web-1", { ...result(older), type: "test", state: "failed", exitCode: 1 });
    // What a host whose clock was a year ahead left in the store before the dashboard kept its own times.
    await store.command.update({ where: { id: older }, data: { finishedAt: new Date(Date.now() + 365 * 24 * 3_600_000) } });
    await new Promise((r) => setTimeout(r, 5));
    const newer = await testRun();
    await service.receiveResult("web-1", { ...result(newer), type: "test" });
    service.stop();
    const restartedFleet = new LiveFleet(store, log);
    await restartedFleet.start();
    const restarted = new CommandService(store, restartedFleet, agents, log, storeAudit(store), { lostAfterMs: 10_000, resultGraceMs: 10_000 });
    await restarted.start();
    expect(restartedFleet.get("web-1")?.lastTest).toMatchObject({ commandId: newer, state: "passed" });
    restarted.stop();
    await restartedFleet.stop();
  });

  it("stores a preview with its command and shows the host's latest one, also after a restart", async () => {
    const desired = "/nix/store/" + "b".repeat(32) + "-nixos-system-web-1";
    const preview = {
      packages: { changed: [{ name: "firefox", from: "119.0", to: "120.0" }], added: [], removed: [] },
      counts: { changed: 1, added: 0, removed: 0 },
      closureDeltaBytes: 2048,
      units: { start: [], stop: [], restart: ["firefox-sync.service"], reload: [] },
      desiredSystem: desired,
    };
    const outcome = await service.request({ host: "web-1", type: "preview", requestedBy: "admin" });
    if (!outcome.ok) throw new Error(outcome.reason);
    const id = outcome.command.id;
    await service.receiveResult("web-1", { ...result(id), type: "preview", preview });
    const counts = { changed: 1, added: 0, removed: 0, units: { stop: 0, start: 0, restart: 1, reload: 0 }, closureDeltaBytes: 2048 };
    expect(fleet.get("web-1")?.lastPreview).toMatchObject({ commandId: id, desiredSystem: desired, counts });
    expect(await findPreview(store, id)).toMatchObject({ hostName: "web-1", preview });
    service.stop();
    const restartedFleet = new LiveFleet(store, log);
    await restartedFleet.start();
    const restarted = new CommandService(store, restartedFleet, agents, log, storeAudit(store), { lostAfterMs: 10_000, resultGraceMs: 10_000 });
    await restarted.start();
    expect(restartedFleet.get("web-1")?.lastPreview).toMatchObject({ commandId: id, desiredSystem: desired, counts });
    restarted.stop();
    await restartedFleet.stop();
  });

  it("after a dashboard restart, treats commands that were running as awaiting their agent", async () => {
    const commandId = await startSwitch();
    service.stop();
    const restartedFleet = new LiveFleet(store, log);
    await restartedFleet.start();
    const restarted = new CommandService(store, restartedFleet, agents, log, storeAudit(store), { lostAfterMs: 10_000, resultGraceMs: 10_000 });
    await restarted.start();
    expect(restartedFleet.get("web-1")?.lastCommand).toMatchObject({ id: commandId, state: "awaiting-reconnect" });
    restarted.stop();
    await restartedFleet.stop();
  });
});

describe("continuesFrom", () => {
  it("extends the mark over a contiguous run and gives up at a gap", () => {
    expect(continuesFrom(0, lines(1, 3))).toBe(3);
    expect(continuesFrom(3, lines(2, 5))).toBe(5);
    expect(continuesFrom(3, lines(5, 6))).toBeNull();
    expect(continuesFrom(3, [])).toBe(3);
  });
});
