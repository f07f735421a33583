import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isGroupAlive } from "../process-group";
import { delivered, makeRunner, pathWith, temporaryDir, writeScript } from "../test-support/fixtures";
import { waitFor } from "../test-support/fake-dashboard";
import { installSystemdRun } from "../test-support/nix-stand-ins";

/** Live processes of a group, as ps sees them (the check the issue asks for); zombies are dead. */
function groupMembers(pgid: number): string[] {
  const table = execFileSync("ps", ["-eo", "pid=,pgid=,stat="], { encoding: "utf8" });
  return table
    .split("\n")
    .map((row) => row.trim().split(/\s+/))
    .filter(([, group, stat]) => Number(group) === pgid && !stat?.startsWith("Z"))
    .map(([pid, , stat]) => `${pid} ${stat}`);
}

describe("stop", () => {
  let root: string;
  let cleanup: () => void;
  const originalPath = process.env.PATH;
  beforeEach(() => {
    ({ dir: root, cleanup } = temporaryDir());
    process.env.PATH = pathWith(path.join(root, "bin"));
    mkdirSync(path.join(root, "repo"));
    installSystemdRun(path.join(root, "bin"));
  });
  afterEach(() => {
    process.env.PATH = originalPath;
    cleanup();
  });

  it("ends the whole process group of a long switch in its unit, SIGKILL for what ignores SIGTERM; the result says cancelled", async () => {
    // A switch that starts helpers: one ignores SIGTERM, one is a plain long sleep. Its group is its unit's shell's.
    writeScript(
      path.join(root, "bin", "nixos-rebuild"),
      `sh -c 'trap "" TERM; touch "${root}/stubborn"; while :; do sleep 0.1; done' &\nsleep 300 &\nps -o pgid= -p $$ | tr -d " " > "${root}/leader.tmp" && mv "${root}/leader.tmp" "${root}/leader"\necho started\nwait`,
    );
    const harness = makeRunner(path.join(root, "state"), { repoDir: path.join(root, "repo"), stopGraceMs: 700 });
    const id = crypto.randomUUID();
    expect(harness.runner.start({ id, type: "switch" })).toEqual({ accepted: true });
    await waitFor(() => existsSync(path.join(root, "leader")) && existsSync(path.join(root, "stubborn")), "the fake switch to start", 5_000);
    const pgid = Number(readFileSync(path.join(root, "leader"), "utf8"));
    await waitFor(() => groupMembers(pgid).length >= 3, "the helpers to start", 5_000);

    expect(harness.runner.start({ id: crypto.randomUUID(), type: "test" })).toEqual({ accepted: false, reason: `busy: switch ${id} is running` });
    expect(harness.runner.stop(crypto.randomUUID())).toMatchObject({ ok: false });
    const asked = Date.now();
    expect(harness.runner.stop(id)).toEqual({ ok: true });
    await harness.runner.idle();

    expect(Date.now() - asked).toBeGreaterThanOrEqual(600);
    expect(groupMembers(pgid)).toEqual([]);
    expect(isGroupAlive(pgid)).toBe(false);
    expect(process.kill(process.pid, 0)).toBe(true);
    const { result, chunks } = delivered(harness.outbox, id);
    expect(result).toMatchObject({ state: "cancelled", exitCode: null });
    expect(chunks.map((chunk) => chunk.line)).toContain("stop requested: ending the command's processes");
    expect(harness.runner.runningCommand()).toBeNull();
  });

  it("does not start the remaining steps of a stopped command", async () => {
    const tests = path.join(root, "repo", "hosts", "test-host", "tests");
    writeScript(path.join(tests, "T1.sh"), `touch "${root}/t1-started"; sleep 30`);
    writeScript(path.join(tests, "T2.sh"), `touch "${root}/t2-ran"`);
    const harness = makeRunner(path.join(root, "state"), { repoDir: path.join(root, "repo") });
    const id = crypto.randomUUID();
    harness.runner.start({ id, type: "test" });
    await waitFor(() => existsSync(path.join(root, "t1-started")), "T1 to start", 5_000);
    harness.runner.stop(id);
    await harness.runner.idle();
    expect(existsSync(path.join(root, "t2-ran"))).toBe(false);
    const { result } = delivered(harness.outbox, id);
    expect(result).toMatchObject({ state: "cancelled", tests: [expect.objectContaining({ name: "T1.sh", state: "failed" })] });
  });
});
