import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeOrigin, makeRunner, pathWith, runCommand, temporaryDir, writeScript } from "../test-support/fixtures";
import { installSystemdRun } from "../test-support/nix-stand-ins";

describe("switch, pull-switch (fake Nix tools on PATH)", () => {
  let root: string;
  let cleanup: () => void;
  let bin: string;
  const originalPath = process.env.PATH;

  beforeEach(() => {
    ({ dir: root, cleanup } = temporaryDir());
    bin = path.join(root, "bin");
    mkdirSync(path.join(root, "config"));
    process.env.PATH = pathWith(bin);
    installSystemdRun(bin);
  });
  afterEach(() => {
    process.env.PATH = originalPath;
    cleanup();
  });

  /** A stand-in for nixos-rebuild or home-manager: records its arguments, prints, exits as told. */
  function fakeTool(name: string, exitCode: number, extra = "") {
    writeScript(
      path.join(bin, name),
      `echo "$@" > "${root}/${name}.args"\necho "building the system"\necho "warning: something" >&2\n${extra}\nexit ${exitCode}`,
    );
  }

  it("runs nixos-rebuild switch --flake <repo>#<host> in a transient unit of its own and reports success", async () => {
    fakeTool("nixos-rebuild", 0, 'echo "session $(ps -o sid= -p $$ | tr -d " ")"');
    const harness = makeRunner(path.join(root, "state"), { repoDir: path.join(root, "config") });
    const { id, lines, chunks, result } = await runCommand(harness, "switch");
    expect(readFileSync(path.join(root, "nixos-rebuild.args"), "utf8").trim()).toBe(`switch --flake ${root}/config#test-host`);
    expect(lines[0]).toBe(
      `$ nixos-rebuild switch --flake ${root}/config#test-host   (in systemd unit nixfleet-switch-${id}; output in ${root}/state/detached/${id}.out)`,
    );
    expect(chunks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stream: "stdout", line: "building the system" }),
        expect.objectContaining({ stream: "stdout", line: "warning: something" }),
      ]),
    );
    const session = Number(lines.find((line) => line.startsWith("session "))?.split(" ")[1]);
    expect(session).toBeGreaterThan(0);
    expect(session).not.toBe(Number(readFileSync("/proc/self/stat", "utf8").split(" ")[5]));
    expect(result).toMatchObject({ type: "switch", state: "succeeded", exitCode: 0, lastSeq: chunks.length });
    expect(harness.events).toContain("repo-changed");
    expect(harness.journal.read()).toBeNull();
  });

  it("fails with the tool's own exit code", async () => {
    fakeTool("nixos-rebuild", 3);
    const harness = makeRunner(path.join(root, "state"), { repoDir: path.join(root, "config") });
    const { result, lines } = await runCommand(harness, "switch");
    expect(result).toMatchObject({ state: "failed", exitCode: 3 });
    expect(lines.at(-1)).toMatch(/^switch failed \(exit code 3\)/);
  });

  it("fails clearly when the tool is not on PATH, or the repository is not there", async () => {
    const harness = makeRunner(path.join(root, "state"), { repoDir: path.join(root, "config") });
    const { result, lines } = await runCommand(harness, "switch");
    expect(result).toMatchObject({ state: "failed", exitCode: 127 });
    expect(lines).toContain("nixos-rebuild: not found on PATH");

    fakeTool("nixos-rebuild", 0);
    const noRepo = makeRunner(path.join(root, "state"), { repoDir: path.join(root, "not-cloned-yet") });
    const missing = await runCommand(noRepo, "switch");
    expect(missing.result).toMatchObject({ state: "failed", exitCode: null });
    expect(missing.lines[0]).toBe(
      `switch: ${root}/not-cloned-yet does not exist yet: run Pull first (in isolated mode the first pull clones the repository)`,
    );
    expect(existsSync(path.join(root, "nixos-rebuild.args"))).toBe(false);
  });

  it("pull-switch switches only after a successful pull", async () => {
    fakeTool("nixos-rebuild", 0);
    const upstream = makeOrigin(root);
    const state = path.join(root, "state");
    const broken = makeRunner(state, { isolatedRepoMode: true, repoUrl: path.join(root, "nowhere.git"), repoDir: path.join(state, "repo") });
    const failed = await runCommand(broken, "pull-switch");
    expect(failed.result).toMatchObject({ type: "pull-switch", state: "failed", exitCode: 128 });
    expect(existsSync(path.join(root, "nixos-rebuild.args"))).toBe(false);

    const harness = makeRunner(state, { isolatedRepoMode: true, repoUrl: upstream.origin, repoDir: path.join(state, "repo") });
    const { result, lines } = await runCommand(harness, "pull-switch");
    expect(result).toMatchObject({ type: "pull-switch", state: "succeeded", exitCode: 0 });
    expect(lines.findIndex((line) => line.startsWith("$ git clone"))).toBeLessThan(lines.findIndex((line) => line.startsWith("$ nixos-rebuild")));
    expect(readFileSync(path.join(root, "nixos-rebuild.args"), "utf8").trim()).toBe(`switch --flake ${state}/repo#test-host`);
  });

  it("fails clearly when systemd-run cannot start the unit", async () => {
    fakeTool("nixos-rebuild", 0);
    writeScript(path.join(bin, "systemd-run"), 'echo "Failed to start transient service unit: Unit already exists." >&2\nexit 1');
    const harness = makeRunner(path.join(root, "state"), { repoDir: path.join(root, "config") });
    const { id, result, lines } = await runCommand(harness, "switch");
    expect(result).toMatchObject({ state: "failed", exitCode: 127 });
    expect(lines).toEqual(
      expect.arrayContaining([
        "Failed to start transient service unit: Unit already exists.",
        `systemd-run could not start nixfleet-switch-${id} (exit code 1)`,
      ]),
    );
    expect(existsSync(path.join(root, "nixos-rebuild.args"))).toBe(false);
  });

  it("runs darwin-rebuild switch for nix-darwin, detached in a session of its own", async () => {
    fakeTool("darwin-rebuild", 0, 'echo "session $(ps -o sid= -p $$ | tr -d " ")"');
    const harness = makeRunner(path.join(root, "state"), { platform: "darwin", repoDir: path.join(root, "config") });
    const { lines, result } = await runCommand(harness, "switch");
    expect(readFileSync(path.join(root, "darwin-rebuild.args"), "utf8").trim()).toBe(`switch --flake ${root}/config#test-host`);
    expect(lines[0]).toMatch(/^\$ darwin-rebuild switch --flake .*#test-host {3}\(detached; output in .*\.out\)$/);
    const session = Number(lines.find((line) => line.startsWith("session "))?.split(" ")[1]);
    expect(session).not.toBe(Number(readFileSync("/proc/self/stat", "utf8").split(" ")[5]));
    expect(result).toMatchObject({ state: "succeeded", exitCode: 0 });
  });

  it("runs home-manager switch detached, in a session of its own, with its output and exit code", async () => {
    fakeTool("home-manager", 4, 'echo "session $(ps -o sid= -p $$ | tr -d " ")"');
    const harness = makeRunner(path.join(root, "state"), { platform: "home-manager", repoDir: path.join(root, "config") });
    const { lines, result } = await runCommand(harness, "switch");
    expect(readFileSync(path.join(root, "home-manager.args"), "utf8").trim()).toBe(`switch --flake ${root}/config#test-host`);
    expect(lines[0]).toMatch(/^\$ home-manager switch --flake .*#test-host {3}\(detached; output in .*\.out\)$/);
    expect(lines).toEqual(expect.arrayContaining(["building the system", "warning: something"]));
    const session = Number(lines.find((line) => line.startsWith("session "))?.split(" ")[1]);
    expect(session).toBeGreaterThan(0);
    expect(session).not.toBe(Number(readFileSync("/proc/self/stat", "utf8").split(" ")[5]));
    expect(result).toMatchObject({ state: "failed", exitCode: 4 });
    expect(existsSync(path.join(root, "state", "detached", `${result?.commandId}.out`))).toBe(false);
  });

  it("asks for a restart when the switch replaced the agent's own executable, and only then", async () => {
    const state = path.join(root, "state");
    const self = path.join(root, "agent-binary");
    writeFileSync(self, "old");
    fakeTool("nixos-rebuild", 0);
    const unchanged = makeRunner(state, { repoDir: root, selfPath: self });
    await runCommand(unchanged, "switch");
    expect(unchanged.events).not.toContain("self-replaced");

    fakeTool("nixos-rebuild", 0, `echo "new agent build" > "${self}"`);
    const replaced = makeRunner(state, { repoDir: root, selfPath: self });
    const { lines } = await runCommand(replaced, "switch");
    expect(replaced.events).toContain("self-replaced");
    expect(lines).toContain("the switch replaced the agent itself: it restarts once this result is delivered");
  });
});
