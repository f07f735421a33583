import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAgent } from "./test-support/agent-process";
import { FakeDashboard, waitFor } from "./test-support/fake-dashboard";
import { temporaryDir, writeScript } from "./test-support/fixtures";
import { AGENT_VERSION } from "./version";

const repoRoot = path.resolve(import.meta.dirname, "..");
const bundle = path.join(repoRoot, "dist", "agent", "nixfleet-agent.cjs");

/**
 * The bundled agent (what pkg wraps) behaves like the source: flags, version, and a real connection.
 * The pkg-built executable itself exists only after `npm run build:agent`, which runs after the unit
 * tests: e2e/fleet-live.spec.ts checks its version and runs it against the dashboard.
 */
describe("the bundled agent", { timeout: 60_000 }, () => {
  let root: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir: root, cleanup } = temporaryDir());
    execFileSync(process.execPath, [path.join(repoRoot, "agent", "build.mjs"), "--skip-pkg"], { cwd: repoRoot, stdio: "pipe" });
  }, 60_000);
  afterAll(() => cleanup());

  it("prints its injected version and refuses bad flags with exit code 2 and no stack trace", () => {
    expect(execFileSync(process.execPath, [bundle, "--version"], { encoding: "utf8" })).toBe(`nixfleet-agent ${AGENT_VERSION}\n`);
    const bad = spawnSync(process.execPath, [bundle, "--url", "gopher://x", "--token-file", "/nonexistent", "--interval", "99999"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^nixfleet-agent: --url: .*\nnixfleet-agent: --interval: .*\nnixfleet-agent: see --help\n$/);
    const noToken = spawnSync(process.execPath, [bundle, "--url", "ws://127.0.0.1:1", "--token-file", path.join(root, "missing")], { encoding: "utf8" });
    expect(noToken.status).toBe(2);
    expect(noToken.stderr).toBe(`nixfleet-agent: token file ${path.join(root, "missing")} does not exist\n`);
  });

  it("connects, registers and streams long output lines through the bundled WebSocket client", async () => {
    const dashboard = await FakeDashboard.start({ tokens: new Set(["bundle-token"]) });
    writeFileSync(path.join(root, "token"), "bundle-token\n");
    const tests = path.join(root, "repo", "hosts", "bundled", "tests");
    mkdirSync(tests, { recursive: true });
    writeScript(path.join(tests, "T1.sh"), `awk 'BEGIN { while (i++ < 6000) printf "x"; print "" }'`);
    const agent = startAgent(
      ["--url", dashboard.url, "--token-file", path.join(root, "token"), "--state-dir", path.join(root, "state"), "--hostname", "bundled", "--repo-dir", path.join(root, "repo")],
      {},
      [process.execPath, bundle],
    );
    try {
      await waitFor(() => dashboard.registrations.length === 1, "registration of the bundled agent");
      const id = crypto.randomUUID();
      expect(await dashboard.runCommand({ id, type: "test" })).toEqual({ accepted: true });
      await waitFor(() => dashboard.results.has(id), "the test result");
      expect(dashboard.lines(id)).toContain("x".repeat(6000));
      expect(dashboard.results.get(id)).toMatchObject({ state: "succeeded" });
    } finally {
      await agent.stop();
      await dashboard.close();
    }
  });

  // Node 20 has no process.execve: there the agent goes on as started, and `npm run test:unit:node24` runs this.
  it.runIf(process.platform === "linux" && "execve" in process)(
    "starts again in place with one malloc arena, same pid and arguments; its commands get the environment it was given",
    async () => {
      const dashboard = await FakeDashboard.start({ tokens: new Set(["bundle-token"]) });
      writeFileSync(path.join(root, "token"), "bundle-token\n");
      writeScript(path.join(root, "repo", "hosts", "arena", "tests", "T1.sh"), 'echo "arenas=${MALLOC_ARENA_MAX-unset} added=${NIXFLEET_AGENT_ADDED_ENV-unset}"');
      const args = [
        "--url", dashboard.url, "--token-file", path.join(root, "token"), "--state-dir", path.join(root, "state-arena"), "--hostname", "arena",
        "--repo-dir", path.join(root, "repo"),
      ];
      const agent = startAgent(args, {}, [process.execPath, bundle]);
      try {
        await waitFor(() => dashboard.registrations.length === 1, "registration of the bundled agent");
        const proc = (file: string) => readFileSync(`/proc/${agent.child.pid}/${file}`, "utf8").split("\0").slice(0, -1);
        expect(proc("environ")).toContain("MALLOC_ARENA_MAX=1");
        expect(proc("cmdline")).toEqual([process.execPath, bundle, ...args]);
        const id = crypto.randomUUID();
        expect(await dashboard.runCommand({ id, type: "test" })).toEqual({ accepted: true });
        await waitFor(() => dashboard.results.has(id), "the test result");
        expect(dashboard.lines(id)).toContain("arenas=unset added=unset");
      } finally {
        await agent.stop();
        await dashboard.close();
      }
    },
  );

  // V8 traces each function it hands to Sparkplug, Maglev or TurboFan. Node's own start-up (and on
  // Node 24 Maglev) may compile a few before the agent's first module runs; once it runs, none.
  it("compiles none of its functions to machine code while connected and heartbeating", async () => {
    const dashboard = await FakeDashboard.start({ tokens: new Set(["bundle-token"]) });
    writeFileSync(path.join(root, "token"), "bundle-token\n");
    const agent = startAgent(
      ["--url", dashboard.url, "--token-file", path.join(root, "token"), "--state-dir", path.join(root, "state-jit"), "--hostname", "interpreted", "--interval", "1"],
      {},
      [process.execPath, "--trace-opt", "--trace-baseline-batch-compilation", bundle],
    );
    const compiled = () => agent.log.filter((line) => /^\[(Baseline batch compilation\]|compiling method|marking)/.test(line));
    try {
      await waitFor(() => dashboard.registrations.length === 1, "registration of the bundled agent");
      const atRegistration = compiled().length;
      await waitFor(() => dashboard.heartbeats.length >= 3, "three heartbeats of the bundled agent");
      expect(compiled().slice(atRegistration)).toEqual([]);
    } finally {
      await agent.stop();
      await dashboard.close();
    }
  });

  // Node 22+ has a lazy global WebSocket that loads undici (about 5 MB) when read; Node 20 has none,
  // so a preload defines one that notes every read.
  it("never reads the global WebSocket (which would load undici), also while connected", async () => {
    const dashboard = await FakeDashboard.start({ tokens: new Set(["bundle-token"]) });
    writeFileSync(path.join(root, "token"), "bundle-token\n");
    const reads = path.join(root, "websocket-reads");
    const preload = path.join(root, "lazy-websocket.cjs");
    writeFileSync(
      preload,
      `Object.defineProperty(globalThis, "WebSocket", { configurable: true, get() { require("node:fs").appendFileSync(${JSON.stringify(reads)}, new Error().stack + "\\n"); } });\n`,
    );
    const agent = startAgent(
      ["--url", dashboard.url, "--token-file", path.join(root, "token"), "--state-dir", path.join(root, "state-ws"), "--hostname", "lazy-websocket", "--interval", "1"],
      {},
      [process.execPath, "--require", preload, bundle],
    );
    try {
      await waitFor(() => dashboard.heartbeats.length >= 2, "two heartbeats of the bundled agent");
      expect(existsSync(reads) ? readFileSync(reads, "utf8") : "").toBe("");
    } finally {
      await agent.stop();
      await dashboard.close();
    }
  });
});
