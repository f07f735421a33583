import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Ack } from "../../lib/protocol/index";
import type { JournalEntry, SwitchSafety } from "../journal";
import { sleep } from "../process-group";
import { waitFor } from "../test-support/fake-dashboard";
import { delivered, makeRunner, runCommand, temporaryDir, useFakeNix, writeScript, type ConfirmReply } from "../test-support/fixtures";
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
  let restoreEnv: () => void;
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
    restoreEnv = useFakeNix(bin, model.dir);
  });
  afterEach(() => {
    restoreEnv();
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

  it("fails the switch when the host's tests fail after the confirmation (the health gate, on by default)", async () => {
    writeScript(path.join(root, "config", "hosts", "web-1", "tests", "T1-health.sh"), "echo unhealthy\nexit 1");
    const { result, lines } = await runCommand(harness(confirmed), "switch");
    expect(result).toMatchObject({ state: "failed", tests: [{ name: "T1-health.sh", state: "failed" }] });
    expect(lines).toContain("health gate: running the host's tests on the new system");
    expect(model.current()).toBe(NEW);
  });

  it("skips the health gate when the command says runTests: false, and says so: a failing test does not fail the switch", async () => {
    writeScript(path.join(root, "config", "hosts", "web-1", "tests", "T1-health.sh"), "echo unhealthy\nexit 1");
    const { result, lines } = await runCommand(harness(confirmed), "switch", { runTests: false });
    expect(result).toMatchObject({ state: "succeeded", exitCode: 0 });
    expect(result?.tests).toBeUndefined();
    expect(lines).toContain("health gate: off for this switch (runTests: false): the host's test does not run");
    expect(lines).not.toContain("health gate: running the host's tests on the new system");
  });

  describe("a rollback, under the same safety net", () => {
    beforeEach(() => onNewGeneration(model));

    it("is confirmed over a new connection like a switch, and stays on the generation it went back to", async () => {
      writeScript(path.join(root, "config", "hosts", "web-1", "tests", "T1-health.sh"), "exit 1");
      const run = harness(confirmed);
      const { id, result, lines } = await runCommand(run, "rollback");
      expect(result).toMatchObject({ state: "succeeded", exitCode: 0 });
      expect(run.events).toContain(`confirm ${id}`);
      expect(lines).toContain("confirm-or-revert: generation 2 recorded; unless the dashboard confirms within 3 s after the switch, the watchdog returns to it");
      // The repository's tests describe the configuration the rollback left: no gate.
      expect(lines.some((line) => line.startsWith("health gate"))).toBe(false);
      await sleep((TIMEOUT_SECONDS + 2) * 1000);
      expect(model.current()).toBe(OLD);
      expect(model.profileNumber()).toBe(1);
    });

    it("that cuts the host off is undone by the watchdog: back on the generation it left, reported rolled-back", async () => {
      const { result, lines } = await runCommand(harness(unreachable), "rollback", { generation: 1 });
      expect(result).toMatchObject({
        state: "rolled-back",
        rollback: { fromGeneration: 1, toGeneration: 2, reason: expect.stringMatching(/^no confirmation from the dashboard within 3 s after the switch/) },
      });
      expect(lines).toContain("rollback: from generation 2 to generation 1 (" + OLD + ")");
      expect(model.current()).toBe(NEW);
      expect(model.profileNumber()).toBe(2);
    });
  });

  /**
   * The same journal steps for a switch (generation 1 → 2) and a rollback (2 → 1): where the
   * command starts, where it goes, and how the activation got there.
   */
  const journeys = {
    switch: {
      from: { number: 1, system: OLD },
      to: { number: 2, system: NEW },
      setUp: () => undefined,
      arriveByHand: () => activateByHand(model, model.addGeneration(NEW), NEW),
    },
    rollback: {
      from: { number: 2, system: NEW },
      to: { number: 1, system: OLD },
      setUp: () => onNewGeneration(model),
      arriveByHand: () => activateByHand(model, 1, OLD),
    },
  } as const;

  describe.each(["switch", "rollback"] as const)("an agent restarted at each step of a %s carries on from its journal", (type) => {
    const journey = journeys[type];
    beforeEach(() => journey.setUp());
    const previous = () => ({ number: journey.from.number, storePath: journey.from.system, link: path.join(path.dirname(model.profile), `system-${journey.from.number}-link`) });
    /** The journal and files an agent that died in `phase` leaves; returns the command id. */
    function leave(safety: Partial<SwitchSafety>, entry: Partial<JournalEntry> = {}): string {
      const id = crypto.randomUUID();
      mkdirSync(path.join(stateDir(), "detached"), { recursive: true });
      const files = detachedFiles(stateDir(), entry.id ?? id);
      const run = harness(confirmed);
      run.journal.write({
        id, type, startedAt: Date.now() - 5_000, step: type === "switch" ? "switch" : "revert", pid: null, outputFile: null, exitFile: null, stopRequested: false,
        safety: {
          phase: "recorded", previous: previous(), timeoutSeconds: TIMEOUT_SECONDS, deadline: null, switchedTo: type === "rollback" ? journey.to.number : null,
          switchExitCode: null, rollback: null, healthGate: type === "switch" ? "on" : "none", ...safety,
        },
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
    const undone = { fromGeneration: journey.to.number, toGeneration: journey.from.number };

    it("recorded: the activation never began; nothing changed and the command failed", async () => {
      const { result, lines } = await restart(leave({ phase: "recorded" }));
      expect(result).toMatchObject({ state: "failed" });
      expect(lines).toContain("agent restarted before the switch began: nothing was changed, and the watchdog stands down");
      expect(model.current()).toBe(journey.from.system);
    });

    it("switching: the activation ended while the agent was down; the restarted agent confirms it", async () => {
      const id = crypto.randomUUID();
      const files = detachedFiles(stateDir(), id);
      journey.arriveByHand();
      const left = leave({ phase: "switching" }, { id, outputFile: files.outputFile, exitFile: files.exitFile });
      writeFileSync(files.exitFile, "0\n");
      const { result } = await restart(left);
      expect(result).toMatchObject({ state: "succeeded", exitCode: 0 });
      expect(model.current()).toBe(journey.to.system);
    });

    it("awaiting-confirm: the agent died waiting; the watchdog switched back meanwhile; the restarted agent reports rolled-back", async () => {
      const first = harness(dies);
      const id = crypto.randomUUID();
      first.runner.start({ id, type });
      await waitFor(() => first.journal.read()?.safety?.phase === "awaiting-confirm", "the activation to await its confirmation", 30_000);
      await waitFor(() => model.current() === journey.from.system, "the watchdog to switch back", 30_000);
      const { result, lines } = await restart(id);
      expect(result).toMatchObject({ state: "rolled-back", rollback: { ...undone, reason: "no confirmation from the dashboard within 3 s after the switch" } });
      expect(lines).toContain("agent restarted during a switch under confirm-or-revert (awaiting-confirm): carrying on");
    });

    it("awaiting-confirm within the deadline: the restarted agent confirms, and the watchdog stands down", async () => {
      const first = harness(dies);
      const id = crypto.randomUUID();
      first.runner.start({ id, type });
      await waitFor(() => first.journal.read()?.safety?.phase === "awaiting-confirm", "the activation to await its confirmation", 30_000);
      const { result } = await restart(id);
      expect(result).toMatchObject({ state: "succeeded" });
      await sleep((TIMEOUT_SECONDS + 2) * 1000);
      expect(model.current()).toBe(journey.to.system);
    });

    it("confirmed: the restarted agent finishes the command as succeeded", async () => {
      const { result } = await restart(leave({ phase: "confirmed", switchedTo: journey.to.number, switchExitCode: 0 }));
      expect(result).toMatchObject({ state: "succeeded", exitCode: 0 });
    });

    // `reverting` is the health gate's own switch back, which a rollback (no gate) never enters.
    it.runIf(type === "switch")("reverting: the revert ended while the agent was down; the restarted agent reports rolled-back", async () => {
      const id = crypto.randomUUID();
      const files = detachedFiles(stateDir(), id);
      const rollback = { ...undone, reason: "the host's tests failed: T1.sh" };
      leave({ phase: "reverting", switchedTo: 2, switchExitCode: 0, rollback }, { id, step: "revert", outputFile: files.outputFile, exitFile: files.exitFile });
      writeFileSync(files.exitFile, "0\n");
      const { result } = await restart(id);
      expect(result).toMatchObject({ state: "rolled-back", rollback });
    });

    it("rolled-back: the restarted agent reports what the journal says", async () => {
      const rollback = { ...undone, reason: "no confirmation from the dashboard within 3 s after the switch" };
      const { result } = await restart(leave({ phase: "rolled-back", switchedTo: journey.to.number, rollback }));
      expect(result).toMatchObject({ state: "rolled-back", rollback });
    });
  });
});

/** Makes `storePath` the running system as generation `number`, as an activation would. */
function activateByHand(model: NixSystem, number: number, storePath: string): void {
  model.setProfile(number);
  execFileSync(path.join(model.storeRoot, storePath, "bin", "switch-to-configuration"), ["switch"], { stdio: "ignore" });
}

/** The host after a switch to NEW: generation 2 runs, generation 1 is there to roll back to. */
function onNewGeneration(model: NixSystem): void {
  activateByHand(model, model.addGeneration(NEW), NEW);
}
