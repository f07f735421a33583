import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeRunner, runCommand, temporaryDir, writeScript } from "../test-support/fixtures";

describe("test command", () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir: root, cleanup } = temporaryDir()));
  afterEach(() => cleanup());

  it("runs every executable T*.sh in name order, each on its own; one failing fails the run", async () => {
    const tests = path.join(root, "repo", "hosts", "test-host", "tests");
    const ran = path.join(root, "ran.log");
    writeScript(path.join(tests, "T10-network.sh"), `echo "T10 from $(pwd)"; echo T10 >> "${ran}"`);
    writeScript(path.join(tests, "T02-disk.sh"), `echo "disk full" >&2; echo T02 >> "${ran}"; exit 7`);
    writeScript(path.join(tests, "T01-boot.sh"), `echo "host $NIXFLEET_HOSTNAME"; echo T01 >> "${ran}"`);
    writeFileSync(path.join(tests, "T05-not-executable.sh"), "exit 1\n");
    writeScript(path.join(tests, "helper.sh"), `echo helper >> "${ran}"`);

    const harness = makeRunner(path.join(root, "state"), { repoDir: path.join(root, "repo") });
    const { chunks, result, lines } = await runCommand(harness, "test");

    expect(readFileSync(ran, "utf8").split("\n").filter(Boolean)).toEqual(["T01", "T02", "T10"]);
    expect(result).toMatchObject({ type: "test", state: "failed", exitCode: 1 });
    expect(result?.tests?.map(({ name, state, exitCode }) => ({ name, state, exitCode }))).toEqual([
      { name: "T01-boot.sh", state: "passed", exitCode: 0 },
      { name: "T02-disk.sh", state: "failed", exitCode: 7 },
      { name: "T10-network.sh", state: "passed", exitCode: 0 },
    ]);
    for (const test of result?.tests ?? []) expect(test.durationMs).toBeGreaterThanOrEqual(0);

    const progress = chunks.filter((chunk) => chunk.test !== undefined);
    expect(progress.every((chunk) => chunk.stream === "system")).toBe(true);
    expect(progress.map((chunk) => `${chunk.test?.name}:${chunk.test?.state}`)).toEqual([
      "T01-boot.sh:running",
      "T01-boot.sh:passed",
      "T02-disk.sh:running",
      "T02-disk.sh:failed",
      "T10-network.sh:running",
      "T10-network.sh:passed",
    ]);
    expect(lines).toContain("host test-host");
    expect(lines).toContain(`T10 from ${root}/repo`);
    expect(chunks).toContainEqual(expect.objectContaining({ stream: "stderr", line: "disk full" }));
    expect(lines).toContain("✘ T02-disk.sh failed with exit code 7 (" + result?.tests?.[1]?.durationMs + " ms)");
    expect(lines).toContain("tests: 2 passed, 1 failed");
  });

  it("succeeds when every test passes", async () => {
    const tests = path.join(root, "repo", "hosts", "test-host", "tests");
    writeScript(path.join(tests, "T1.sh"), "true");
    writeScript(path.join(tests, "T2.sh"), "true");
    const { result } = await runCommand(makeRunner(path.join(root, "state"), { repoDir: path.join(root, "repo") }), "test");
    expect(result).toMatchObject({ state: "succeeded", exitCode: 0 });
    expect(result?.tests?.map((test) => test.state)).toEqual(["passed", "passed"]);
  });

  it("fails, saying so, when the host has no tests", async () => {
    const { result, lines } = await runCommand(makeRunner(path.join(root, "state"), { repoDir: path.join(root, "repo") }), "test");
    expect(result).toMatchObject({ state: "failed", exitCode: null, tests: [] });
    expect(lines[0]).toBe("no executable tests found in hosts/test-host/tests (T*.sh)");
  });
});
