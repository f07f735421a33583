import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Ack } from "../../lib/protocol/index";
import type { JournalEntry, SwitchSafety } from "../journal";
import { sleep } from "../process-group";
import { waitFor } from "../test-support/fake-dashboard";
import { delivered, makeRunner, pathWith, runCommand, temporaryDir, writeScript, type ConfirmReply } from "../test-support/fixtures";
import { installSystemdRun } from "../test-support/nix-stand-ins";
import { NixSystem } from "../test-support/nix-system";
import { detachedFiles } from "./detached";

const OLD = `/nix/store/${"a".repeat(32)}-nixos-system-web-1`;
const NEW = `/nix/store/${"b".repeat(32)}-nixos-system-web-1`;
const TIMEOUT_SECONDS = 3;
const confirmed: ConfirmReply = async () => ({ ok: true });
const unreachable: ConfirmReply = async () => ({ ok: false, error: "connect ECONNREFUSED 10.0.0.1:8000" });
/** The agent dies while it waits for the answer: the promise never settles. */
const dies: ConfirmReply = () => new Promise<Ack>(() => undefined);

describe("switch under confirm-or-revert (the fakes' system model, a real sh watchdog)", () => {
  let root: string;
  let cleanup: () => void;
  let model: NixSystem;
  const originalPath = process.env.PATH;
  const originalControl = process.env.FAKE_NIX_CONTROL;
  const stateDir = () => path.join(root, "state");

  const harness = (confirm: ConfirmReply, overrides: Parameters<typeof makeRunner>[1] = {}) =>
    makeRunner(stateDir(), {
      repoDir: path.join(root, "config"),
      hostname: "web-1",
      profile: model.profile,
      currentSystemLink: model.currentLink,
      confirmTimeoutSeconds: TIMEOUT_SECONDS,
      ...overrides,
    }, confirm);

  beforeEach(() => {
    ({ dir: root, cleanup } = temporaryDir());
    const bin = path.join(root, "bin");
    mkdirSync(path.join(root, "config"));
    model = new NixSystem(path.join(root, "host"));
    model.install(OLD);
    model.ensureSystem(NEW);
    NixSystem.installTools(bin);
    installSystemdRun(bin);
    // The rebuild: builds NEW, then makes it a generation and activates it, as nixos-rebuild switch does.
    writeScript(path.join(bin, "nixos-rebuild"), `echo "building ${NEW}"\nnixos-system-activate-new "${NEW}" switch`);
    process.env.PATH = pathWith(bin);
    process.env.FAKE_NIX_CONTROL = model.dir;
  });
  afterEach(() => {
    process.env.PATH = originalPath;
    if (originalControl === undefined) delete process.env.FAKE_NIX_CONTROL;
    else process.env.FAKE_NIX_CONTROL = originalControl;
    cleanup();
  });

  it("stays on the new generation once the dashboard confirms over a new connection", async () => {
    const run = harness(confirmed);
    const { id, result, lines } = await runCommand(run, "switch");
    expect(result).toMatchObject({ state: "succeeded", exitCode: 0 });
    expect(run.events).toContain(`confirm ${id}`);
    expect(lines).toContain("confirm-or-revert: the dashboard confirmed over a new connection: the watchdog stands down");
    // Past the deadline the host is still on the new system: the watchdog stood down.
    await sleep((TIMEOUT_SECONDS + 2) * 1000);
    expect(model.current()).toBe(NEW);
    expect(model.profileNumber()).toBe(2);
  });

  it("is switched back by the watchdog when the dashboard cannot be reached, and reports rolled-back with the reason", async () => {
    const { result, lines } = await runCommand(harness(unreachable), "switch");
    expect(result).toMatchObject({
      state: "rolled-back",
      rollback: { fromGeneration: 2, toGeneration: 1, reason: expect.stringMatching(/^no confirmation from the dashboard within 3 s after the switch \(last attempt: connect ECONNREFUSED/) },
    });
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/no confirmation yet \(connect ECONNREFUSED/),
      "watchdog: no confirmation from the dashboard within 3 s after the switch: switching back",
      `activating ${OLD}`,
    ]));
    expect(model.current()).toBe(OLD);
    expect(model.profileNumber()).toBe(1);
  });

  it("does not revert when the switch did not change the running system", async () => {
    writeScript(path.join(root, "bin", "nixos-rebuild"), 'echo "error: build failed"\nexit 1');
    const { result, lines } = await runCommand(harness(unreachable), "switch");
    expect(result).toMatchObject({ state: "failed", exitCode: 1 });
    expect(lines).toContain("confirm-or-revert: the host still runs generation 1: the watchdog stands down");
    expect(model.current()).toBe(OLD);
  });

  it("runs unguarded, and says so, when no generation of the profile is running", async () => {
    const { result, lines } = await runCommand(harness(unreachable, { profile: path.join(root, "no-profile", "system") }), "switch");
    expect(result).toMatchObject({ state: "succeeded" });
    expect(lines[0]).toMatch(/^confirm-or-revert: no generation of .* is running/);
  });

  describe("an agent restarted at each step carries on from its journal", () => {
    const previous = () => ({ number: 1, storePath: OLD, link: path.join(path.dirname(model.profile), "system-1-link") });
    /** The journal and files an agent that died in `phase` leaves; returns the command id. */
    function leave(safety: Partial<SwitchSafety>, entry: Partial<JournalEntry> = {}): string {
      const id = crypto.randomUUID();
      mkdirSync(path.join(stateDir(), "detached"), { recursive: true });
      const files = detachedFiles(stateDir(), entry.id ?? id);
      const run = harness(confirmed);
      run.journal.write({
        id, type: "switch", startedAt: Date.now() - 5_000, step: "switch", pid: null, outputFile: null, exitFile: null, stopRequested: false,
        safety: { phase: "recorded", previous: previous(), timeoutSeconds: TIMEOUT_SECONDS, deadline: null, switchedTo: null, switchExitCode: null, rollback: null, ...safety },
        ...entry,
      });
      writeFileSync(files.outputFile, "");
      return entry.id ?? id;
    }
    async function restart(id: string, confirm: ConfirmReply = confirmed) {
      const run = harness(confirm);
      run.runner.recover();
      await run.runner.idle();
      const { result, chunks } = delivered(run.outbox, id);
      return { result, lines: chunks.map((chunk) => chunk.line), run };
    }

    it("recorded: the switch never began; nothing changed and the command failed", async () => {
      const { result, lines } = await restart(leave({ phase: "recorded" }));
      expect(result).toMatchObject({ state: "failed" });
      expect(lines).toContain("agent restarted before the switch began: nothing was changed, and the watchdog stands down");
      expect(model.current()).toBe(OLD);
    });

    it("switching: the switch ended while the agent was down; the restarted agent confirms it", async () => {
      const id = crypto.randomUUID();
      const files = detachedFiles(stateDir(), id);
      model.addGeneration(NEW);
      model.setProfile(2);
      execFileSync(path.join(model.storeRoot, NEW, "bin", "switch-to-configuration"), ["switch"], { stdio: "ignore" });
      const left = leave({ phase: "switching" }, { id, outputFile: files.outputFile, exitFile: files.exitFile });
      writeFileSync(files.exitFile, "0\n");
      const { result } = await restart(left);
      expect(result).toMatchObject({ state: "succeeded", exitCode: 0 });
      expect(model.current()).toBe(NEW);
    });

    it("awaiting-confirm: the agent died waiting; the watchdog switched back meanwhile; the restarted agent reports rolled-back", async () => {
      const first = harness(dies);
      const id = crypto.randomUUID();
      first.runner.start({ id, type: "switch" });
      await waitFor(() => first.journal.read()?.safety?.phase === "awaiting-confirm", "the switch to await its confirmation", 30_000);
      await waitFor(() => model.current() === OLD, "the watchdog to switch back", 30_000);
      const { result, lines } = await restart(id);
      expect(result).toMatchObject({ state: "rolled-back", rollback: { fromGeneration: 2, toGeneration: 1, reason: "no confirmation from the dashboard within 3 s after the switch" } });
      expect(lines).toContain("agent restarted during a switch under confirm-or-revert (awaiting-confirm): carrying on");
    });

    it("awaiting-confirm within the deadline: the restarted agent confirms, and the watchdog stands down", async () => {
      const first = harness(dies);
      const id = crypto.randomUUID();
      first.runner.start({ id, type: "switch" });
      await waitFor(() => first.journal.read()?.safety?.phase === "awaiting-confirm", "the switch to await its confirmation", 30_000);
      const { result } = await restart(id);
      expect(result).toMatchObject({ state: "succeeded" });
      await sleep((TIMEOUT_SECONDS + 2) * 1000);
      expect(model.current()).toBe(NEW);
    });

    it("confirmed: the restarted agent finishes the switch as succeeded", async () => {
      const { result } = await restart(leave({ phase: "confirmed", switchedTo: 2, switchExitCode: 0 }));
      expect(result).toMatchObject({ state: "succeeded", exitCode: 0 });
    });

    it("reverting: the revert ended while the agent was down; the restarted agent reports rolled-back", async () => {
      const id = crypto.randomUUID();
      const files = detachedFiles(stateDir(), id);
      const rollback = { fromGeneration: 2, toGeneration: 1, reason: "the host's tests failed: T1.sh" };
      leave({ phase: "reverting", switchedTo: 2, switchExitCode: 0, rollback }, { id, step: "revert", outputFile: files.outputFile, exitFile: files.exitFile });
      writeFileSync(files.exitFile, "0\n");
      const { result } = await restart(id);
      expect(result).toMatchObject({ state: "rolled-back", rollback });
    });

    it("rolled-back: the restarted agent reports what the journal says", async () => {
      const rollback = { fromGeneration: 2, toGeneration: 1, reason: "no confirmation from the dashboard within 3 s after the switch" };
      const { result } = await restart(leave({ phase: "rolled-back", switchedTo: 2, rollback }));
      expect(result).toMatchObject({ state: "rolled-back", rollback });
    });
  });
});
