import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HostView } from "../protocol/browser";
import type { Store } from "./client";
import { confirmCommand, createCommands, findCommand, findLatestCommands, findLatestTestRuns, findOpenCommands, findStoredThrough, insertOutput, markCommandsRunning, readOutput, readOutputTail, updateCommands, type CommandUpdate } from "./commands";
import { saveHostViews } from "./hosts";
import { createTestStore } from "../../test-support/test-store";

/** One command's update, as the command service makes it (batched with others). */
const updateCommand = async (store: Store, id: string, update: CommandUpdate) => (await updateCommands(store, [{ id, update }]))[0];

const view = (name: string): HostView => ({
  name, platform: "nixos", osVersion: "24.05", nixpkgsVersion: "24.05", agentVersion: "0.1.0", location: "cloud",
  deviceType: "server", themeColor: "#123456", repoUrl: "https://example.com/nixcfg", repoUrlSource: null, online: true, lastSeenAt: 1_800_000_000_000,
  headCommit: null, lockHash: null, lockModifiedAt: null, currentSystem: null, desiredSystem: null, uptimeSeconds: 1,
  desiredSystemEvaluating: false, desiredSystemError: null, runningCommand: null, lastCommand: null, lastTest: null, lastPreview: null, rolledBack: null, clockSkewMs: null, indicators: [], tags: [],
});

describe("commands of a bulk run over the whole fleet", () => {
  const hosts = Array.from({ length: 10_001 }, (_, i) => `host-${String(i).padStart(5, "0")}`);
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
    await saveHostViews(store, hosts.map(view));
  });
  afterEach(() => store.$disconnect());

  it("creates and marks running more commands than one statement may carry", async () => {
    const created = await createCommands(store, hosts.map((hostName, i) => ({ id: `cmd-${i}`, hostName, type: "pull", requestedBy: "admin", bulkRunId: "run-1" })));
    expect(created.map((c) => c.id)).toEqual(hosts.map((_, i) => `cmd-${i}`));

    await markCommandsRunning(store, created.map((c) => c.id), new Date(1_800_000_000_000));

    expect(await store.command.count({ where: { state: "running", bulkRunId: "run-1" } })).toBe(10_001);
  });

  it("stores new commands as Prisma reads them back, and none when one of them cannot be stored", async () => {
    const [summary] = await createCommands(store, [{ id: "cmd-a", hostName: hosts[0]!, type: "test", requestedBy: "admin" }]);

    const row = await store.command.findUnique({ where: { id: "cmd-a" } });
    expect(row).toMatchObject({ hostName: hosts[0], type: "test", state: "queued", requestedBy: "admin", bulkRunId: null, startedAt: null });
    expect(row?.createdAt.getTime()).toBe(summary!.createdAt);
    await expect(
      createCommands(store, [...hosts.slice(1).map((hostName, i) => ({ id: `cmd-${i}`, hostName, type: "pull" as const, requestedBy: "admin" })), { id: "cmd-z", hostName: "no-such-host", type: "pull", requestedBy: "admin" }]),
    ).rejects.toThrow();
    expect(await store.command.count()).toBe(1);
  });

  it("leaves commands that already ended as they are when marking the others running", async () => {
    const created = await createCommands(store, hosts.map((hostName, i) => ({ id: `cmd-${i}`, hostName, type: "pull", requestedBy: "admin" })));
    await store.command.update({ where: { id: "cmd-9999" }, data: { state: "succeeded" } });

    await markCommandsRunning(store, created.map((c) => c.id), new Date());

    expect(await store.command.count({ where: { state: "running" } })).toBe(10_000);
    expect((await store.command.findUnique({ where: { id: "cmd-9999" } }))?.state).toBe("succeeded");
  });

  it("finds each host's latest command and latest test run across every host", async () => {
    await createCommands(store, hosts.map((hostName, i) => ({ id: `old-${i}`, hostName, type: "test", requestedBy: "admin" })));
    await store.command.updateMany({ data: { state: "succeeded", createdAt: new Date(1_700_000_000_000), finishedAt: new Date(1_700_000_100_000) } });
    await createCommands(store, hosts.map((hostName, i) => ({ id: `new-${i}`, hostName, type: "pull", requestedBy: "admin" })));

    const latest = await findLatestCommands(store);
    const tests = await findLatestTestRuns(store);

    expect(latest.map((c) => c.command.id).sort()).toEqual(hosts.map((_, i) => `new-${i}`).sort());
    expect(tests.map((t) => t.testRun.commandId).sort()).toEqual(hosts.map((_, i) => `old-${i}`).sort());
  });
});

describe("one stored command", () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
    await saveHostViews(store, [view("host-1")]);
    await createCommands(store, [{ id: "cmd-1", hostName: "host-1", type: "test", requestedBy: "admin" }]);
  });
  afterEach(() => store.$disconnect());

  it("gives a command as the protocol's summary with its host, never a database row", async () => {
    const createdAt = (await store.command.findUniqueOrThrow({ where: { id: "cmd-1" } })).createdAt.getTime();
    const queued = { id: "cmd-1", type: "test", state: "queued", requestedBy: "admin", createdAt, finishedAt: null, exitCode: null, durationMs: null, reason: null, confirmedAt: null, rollback: null };

    expect(await findCommand(store, "cmd-1")).toEqual({ host: "host-1", command: queued, startedAt: null });
    expect(await findCommand(store, "no-such-command")).toBeNull();
    expect(await findOpenCommands(store)).toEqual([{ host: "host-1", command: queued, startedAt: null }]);
    expect(await findLatestCommands(store)).toEqual([{ host: "host-1", command: queued, startedAt: null }]);
  });

  it("records a switch's confirmation once, only for its own host, and reads a rollback back", async () => {
    expect(await confirmCommand(store, "cmd-1", "other-host", new Date(1_800_000_001_000))).toBeNull();
    expect((await confirmCommand(store, "cmd-1", "host-1", new Date(1_800_000_001_000)))?.confirmedAt).toBe(1_800_000_001_000);
    expect((await confirmCommand(store, "cmd-1", "host-1", new Date(1_800_000_009_000)))?.confirmedAt).toBe(1_800_000_001_000);
    const rollback = { fromGeneration: 8, toGeneration: 7, reason: "no confirmation from the dashboard within 8 s after the switch" };
    const rolledBack = await updateCommand(store, "cmd-1", { state: "rolled-back", finishedAt: new Date(1_800_000_010_000), rollback: JSON.stringify(rollback) });
    expect(rolledBack).toMatchObject({ state: "rolled-back", confirmedAt: 1_800_000_001_000, rollback });
    expect((await findCommand(store, "cmd-1"))?.command.rollback).toEqual(rollback);
  });

  it("gives a finished test run as the protocol's test summary with its host", async () => {
    await updateCommand(store, "cmd-1", {
      state: "failed", finishedAt: new Date(1_800_000_002_500), exitCode: 1, durationMs: 2_500, system: "/nix/store/abc-system",
      tests: '[{"name":"boots","state":"passed"},{"name":"serves","state":"failed"}]',
    });

    expect(await findLatestTestRuns(store)).toEqual([{
      host: "host-1",
      testRun: { commandId: "cmd-1", state: "failed", failed: ["serves"], system: "/nix/store/abc-system", finishedAt: 1_800_000_002_500 },
    }]);
    expect(await findOpenCommands(store)).toEqual([]);
  });

  it("writes the fields given, keeps the others, and returns the command as stored", async () => {
    await updateCommand(store, "cmd-1", { state: "running", startedAt: new Date(1_800_000_000_000) });
    const summary = await updateCommand(store, "cmd-1", {
      state: "failed", finishedAt: new Date(1_800_000_002_500), exitCode: 1, durationMs: 2_500, tests: '[{"name":"a","state":"failed"}]', system: null,
    });

    expect(summary).toMatchObject({ id: "cmd-1", type: "test", state: "failed", requestedBy: "admin", finishedAt: 1_800_000_002_500, exitCode: 1, durationMs: 2_500, reason: null });
    const row = await store.command.findUnique({ where: { id: "cmd-1" } });
    expect(row).toMatchObject({ startedAt: new Date(1_800_000_000_000), finishedAt: new Date(1_800_000_002_500), tests: '[{"name":"a","state":"failed"}]', system: null });
  });

  it("sets a field to null when asked to, and answers null for a command that is not stored", async () => {
    await updateCommand(store, "cmd-1", { state: "failed", exitCode: 3, reason: "boom" });
    expect(await updateCommand(store, "cmd-1", { state: "failed", exitCode: null })).toMatchObject({ exitCode: null, reason: "boom" });
    expect(await updateCommand(store, "no-such-command", { state: "lost" })).toBeNull();
  });
});

describe("insertOutput", () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
    await saveHostViews(store, [view("host-1")]);
    await createCommands(store, [{ id: "cmd-1", hostName: "host-1", type: "switch", requestedBy: "admin" }]);
  });
  afterEach(() => store.$disconnect());

  it("stores each line with its stream, in seq order whatever order the lines came in", async () => {
    await insertOutput(store, "cmd-1", [
      { seq: 3, stream: "stderr", line: "warning: it's 'quoted' -- and; DROP TABLE \"Command\"" },
      { seq: 1, stream: "stdout", line: "building" },
      { seq: 2, stream: "system", line: "" },
      { seq: 4, stream: "stdout", line: "ünïcødé ✓" },
    ]);

    expect(await readOutput(store, "cmd-1", 0, 10)).toEqual([
      { seq: 1, stream: "stdout", line: "building" },
      { seq: 2, stream: "system", line: "" },
      { seq: 3, stream: "stderr", line: "warning: it's 'quoted' -- and; DROP TABLE \"Command\"" },
      { seq: 4, stream: "stdout", line: "ünïcødé ✓" },
    ]);
    expect(await findStoredThrough(store, "cmd-1")).toBe(4);
  });

  it("keeps a line already stored as it was, also when it comes twice in one batch", async () => {
    await insertOutput(store, "cmd-1", [{ seq: 1, stream: "stdout", line: "first" }]);
    await insertOutput(store, "cmd-1", [
      { seq: 1, stream: "stdout", line: "again" },
      { seq: 2, stream: "stdout", line: "second" },
      { seq: 2, stream: "stdout", line: "second again" },
    ]);
    await insertOutput(store, "cmd-1", []);

    expect(await readOutput(store, "cmd-1", 0, 10)).toEqual([
      { seq: 1, stream: "stdout", line: "first" },
      { seq: 2, stream: "stdout", line: "second" },
    ]);
  });

  it("stores a full agent batch of 500 lines", async () => {
    const lines = Array.from({ length: 500 }, (_, i) => ({ seq: i + 1, stream: i % 7 === 0 ? ("stderr" as const) : ("stdout" as const), line: `line ${i + 1}` }));
    await insertOutput(store, "cmd-1", lines);
    expect(await readOutput(store, "cmd-1", 0, 1_000)).toEqual(lines);
  });

  it("reads the last lines of a long output, in order", async () => {
    const lines = Array.from({ length: 500 }, (_, i) => ({ seq: i + 1, stream: "stdout" as const, line: `line ${i + 1}` }));
    await insertOutput(store, "cmd-1", lines);
    expect(await readOutputTail(store, "cmd-1", 3)).toEqual(lines.slice(-3));
    expect(await readOutputTail(store, "cmd-1", 1_000)).toEqual(lines);
    expect(await readOutputTail(store, "no-such-command", 3)).toEqual([]);
  });

  it("refuses a line number that is not an integer", async () => {
    await expect(insertOutput(store, "cmd-1", [{ seq: 1.5, stream: "stdout", line: "x" }])).rejects.toThrow("1.5");
  });
});
