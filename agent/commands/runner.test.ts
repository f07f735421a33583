import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isGroupAlive } from "../process-group";
import { waitFor } from "../test-support/fake-dashboard";
import { delivered, makeRunner, temporaryDir } from "../test-support/fixtures";

/** What a restarted agent finds in its journal, and what it makes of it. */
describe("CommandRunner.recover", () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir: root, cleanup } = temporaryDir()));
  afterEach(() => cleanup());

  function journalEntry(pid: number | null) {
    return { id: crypto.randomUUID(), type: "switch" as const, startedAt: Date.now() - 1_000, step: "switch", pid, outputFile: null, exitFile: null, stopRequested: false, safety: null };
  }

  it("reports a command whose process died with the agent as failed, saying so", async () => {
    const state = path.join(root, "state");
    const harness = makeRunner(state);
    const entry = journalEntry(null);
    harness.journal.write(entry);
    harness.runner.recover();
    expect(harness.runner.runningCommand()).toEqual({ id: entry.id, type: "switch" });
    await harness.runner.idle();
    const { result, chunks } = delivered(harness.outbox, entry.id);
    expect(result).toMatchObject({ commandId: entry.id, state: "failed", exitCode: null, startedAt: entry.startedAt });
    expect(result?.durationMs).toBeGreaterThanOrEqual(1_000);
    expect(chunks[0]?.line).toBe("the agent stopped while this command ran (step switch); it did not finish");
    expect(harness.journal.read()).toBeNull();
  });

  it("keeps a surviving process group as the running command, and stop still ends it", async () => {
    const survivor = spawn("sleep", ["300"], { detached: true, stdio: "ignore" });
    const pid = survivor.pid ?? 0;
    const harness = makeRunner(path.join(root, "state"), { stopGraceMs: 500 });
    const entry = journalEntry(pid);
    harness.journal.write(entry);
    harness.runner.recover();
    expect(harness.runner.start({ id: crypto.randomUUID(), type: "pull" })).toMatchObject({ accepted: false, reason: `busy: switch ${entry.id} is running` });
    expect(harness.runner.stop(entry.id)).toEqual({ ok: true });
    await harness.runner.idle();
    await waitFor(() => !isGroupAlive(pid), "the group to be gone", 5_000);
    const { result, chunks } = delivered(harness.outbox, entry.id);
    expect(result).toMatchObject({ state: "cancelled", exitCode: null });
    expect(chunks[0]?.line).toMatch(/^agent restarted while switch ran \(pid \d+\): its further output is lost/);
  });

  it("only clears the journal when the result already reached the outbox before the restart", () => {
    const harness = makeRunner(path.join(root, "state"));
    const entry = journalEntry(null);
    harness.outbox.begin(entry.id, entry.type, entry.startedAt);
    harness.outbox.finish(entry.id, { commandId: entry.id, type: "switch", state: "succeeded", exitCode: 0, startedAt: entry.startedAt, durationMs: 5 });
    harness.journal.write(entry);
    harness.runner.recover();
    expect(harness.runner.runningCommand()).toBeNull();
    expect(harness.journal.read()).toBeNull();
    expect(delivered(harness.outbox, entry.id).result).toMatchObject({ state: "succeeded", lastSeq: 0 });
  });

  it("closes a command the outbox holds but the journal never named (cut off at its start)", async () => {
    const harness = makeRunner(path.join(root, "state"));
    const id = crypto.randomUUID();
    harness.outbox.begin(id, "pull", Date.now());
    harness.runner.recover();
    const { result, chunks } = delivered(harness.outbox, id);
    expect(result).toMatchObject({ commandId: id, type: "pull", state: "failed", exitCode: null, lastSeq: 1 });
    expect(chunks[0]?.line).toBe("the agent stopped before this command could run");
  });
});
