import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { silentLogger } from "./log";
import { Outbox } from "./outbox";
import { inWorld } from "./test-support/agent-world";
import { waitFor } from "./test-support/fake-dashboard";
import { writeScript } from "./test-support/fixtures";
import { canMountSmallFilesystems, mountSmallFilesystem, type SmallFilesystem } from "./test-support/small-filesystem";

const repoRoot = path.resolve(import.meta.dirname, "..");

/**
 * The real agent process on a state directory that fails: a tmpfs of its own, made read-only with a
 * remount, so the agent meets a real EROFS (no stand-in of the file layer).
 */
describe.runIf(canMountSmallFilesystems())("the agent process on a failing state directory", { timeout: 180_000 }, () => {
  it("refuses to start on a read-only state directory: exit 2 and one line naming it", () =>
    inWorld(async (world) => {
      const fs = mountSmallFilesystem(path.join(world.root, "state"), 1024 * 1024);
      try {
        mkdirSync(path.join(fs.dir, "outbox"));
        fs.readOnly();
        const run = spawnSync(
          process.execPath,
          ["--import", "tsx", path.join(repoRoot, "agent", "main.ts"), "--url", world.dashboard.url, "--token-file", path.join(world.root, "token"), "--state-dir", fs.dir],
          { cwd: repoRoot, encoding: "utf8", timeout: 60_000 },
        );
        expect(run.status).toBe(2);
        expect(run.stderr).toMatch(new RegExp(`^nixfleet-agent: --state-dir ${fs.dir} is not writable: EROFS[^\\n]*\\n$`));
      } finally {
        fs.unmount();
      }
    }));

  it.each([
    { fault: "read-only", breakDisk: (fs: SmallFilesystem) => fs.readOnly(), mendDisk: (fs: SmallFilesystem) => fs.writable() },
    { fault: "full", breakDisk: (fs: SmallFilesystem) => fs.fill(), mendDisk: (fs: SmallFilesystem) => fs.unfill() },
  ])("survives its state directory turning $fault mid-command: no exit, every line delivered once, in order", ({ breakDisk, mendDisk }) =>
    inWorld(async (world) => {
      const fs = mountSmallFilesystem(path.join(world.root, "state"), 16 * 1024 * 1024);
      try {
        const repo = path.join(world.root, "repo");
        const go = path.join(world.root, "go");
        // 10,000 lines, a pause until the test has broken the disk, then 10,000 more.
        writeScript(
          path.join(repo, "hosts", "web-1", "tests", "T1.sh"),
          `i=0; while [ $i -lt 10000 ]; do i=$((i+1)); echo "line $i"; done
while [ ! -e "${go}" ]; do sleep 0.05; done
while [ $i -lt 20000 ]; do i=$((i+1)); echo "line $i"; done`,
        );
        const agent = world.agent(["--repo-dir", repo]);
        await waitFor(() => world.dashboard.registrations.length === 1, "registration");
        const id = crypto.randomUUID();
        expect(await world.dashboard.runCommand({ id, type: "test" })).toEqual({ accepted: true });
        await waitFor(() => world.dashboard.lines(id).includes("line 10000"), "the first half of the output");
        breakDisk(fs);
        writeFileSync(go, "");
        await waitFor(() => world.dashboard.results.has(id), "the result", 120_000);
        expect(world.dashboard.results.get(id)).toMatchObject({ state: "succeeded", exitCode: 0 });
        const output = world.dashboard.lines(id).filter((line) => line.startsWith("line "));
        expect(output).toEqual(Array.from({ length: 20_000 }, (_, index) => `line ${index + 1}`));
        expect(world.dashboard.errors).toEqual([]);
        expect(agent.child.exitCode).toBeNull();
        const failures = agent.log.filter((line) => /event=(outbox|journal)\.write_failed/.test(line));
        expect(failures.length).toBeGreaterThan(0);
        expect(failures.length).toBeLessThanOrEqual(4);
        expect(agent.log.join("\n")).not.toMatch(/\n\s+at /);

        // Writable again: the agent catches up on disk and goes on working.
        mendDisk(fs);
        const next = crypto.randomUUID();
        rmSync(go);
        writeScript(path.join(repo, "hosts", "web-1", "tests", "T1.sh"), "echo again");
        expect(await world.dashboard.runCommand({ id: next, type: "test" })).toEqual({ accepted: true });
        await waitFor(() => world.dashboard.results.has(next), "the next result");
        expect(world.dashboard.lines(next)).toContain("again");
        await waitFor(() => !existsSync(path.join(fs.dir, "outbox", id)), "the delivered command to leave the disk", 60_000);
        expect(agent.child.exitCode).toBeNull();
      } finally {
        fs.unmount();
      }
    }));
});

describe("the agent process on a damaged outbox", { timeout: 120_000 }, () => {
  it("delivers every intact line and the result of a command whose meta.json was corrupted while it was down", () =>
    inWorld(async (world) => {
      const id = crypto.randomUUID();
      const outboxDir = path.join(world.root, "state", "outbox");
      const outbox = new Outbox(outboxDir, { maxBytes: 50 * 1024 * 1024, log: silentLogger });
      outbox.begin(id, "switch", Date.now());
      outbox.append(id, Array.from({ length: 18_000 }, (_, index) => ({ stream: "stdout" as const, line: `line ${index + 1}` })));
      outbox.finish(id, { commandId: id, type: "switch", state: "succeeded", exitCode: 0, startedAt: Date.now(), durationMs: 5 });
      writeFileSync(path.join(outboxDir, id, "meta.json"), "\u0000\u0000garbage");

      const agent = world.agent();
      await waitFor(() => world.dashboard.results.has(id), "the result of the damaged command");
      expect(world.dashboard.results.get(id)).toMatchObject({ state: "succeeded", exitCode: 0, lastSeq: 18_000 });
      expect(world.dashboard.lines(id)).toEqual(Array.from({ length: 18_000 }, (_, index) => `line ${index + 1}`));
      expect(agent.log.filter((line) => line.includes("event=outbox.meta_rebuilt"))).toHaveLength(1);
      await waitFor(() => !existsSync(path.join(outboxDir, id)), "the delivered command to leave the disk");
    }));
});
