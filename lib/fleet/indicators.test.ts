import { describe, expect, it } from "vitest";
import type { FleetTarget, HostView } from "../protocol/browser";
import {
  compareVersions,
  computeAgentIndicator,
  computeGitIndicator,
  computeIndicators,
  computeLockIndicator,
  computeSystemIndicator,
  computeTestIndicator,
  type IndicatorContext,
} from "./indicators";

const A = "a".repeat(40);
const B = "b".repeat(40);
const SYS1 = "/nix/store/" + "1".repeat(32) + "-nixos-system";
const SYS2 = "/nix/store/" + "2".repeat(32) + "-nixos-system";
const DAY = 86_400_000;
const NOW = 1_800_000_000_000;

const target = (override: Partial<FleetTarget> = {}): FleetTarget => ({
  repo: "https://github.com/example/nixcfg", gitCommit: B, message: "update", branch: "main", timestamp: NOW, lockHash: null, ...override,
});
type Input = Parameters<typeof computeSystemIndicator>[0];
const host = (override: Partial<HostView> = {}): Input => ({
  headCommit: A, lockHash: "c".repeat(64), lockModifiedAt: NOW - DAY, currentSystem: SYS1, desiredSystem: SYS1,
  desiredSystemEvaluating: false, desiredSystemError: null, agentVersion: "1.2.0", runningCommand: null, lastTest: null, clockSkewMs: null,
  lastCommand: null, rolledBack: null, ...override,
});
const context = (override: Partial<IndicatorContext> = {}): IndicatorContext => ({
  target: target(), dashboardVersion: "1.2.0", now: NOW, lockGreenDays: 7, lockYellowDays: 30, ...override,
});

describe("G: git", () => {
  it("is green on the target commit", () => {
    expect(computeGitIndicator(host({ headCommit: B }), target())).toMatchObject({ color: "green", description: "G: on fleet target (bbbbbbb)" });
  });
  it("is yellow behind the target, naming both commits", () => {
    expect(computeGitIndicator(host(), target())).toEqual({
      letter: "G", color: "yellow", label: "behind fleet target", description: "G: behind fleet target (aaaaaaa → bbbbbbb)",
    });
  });
  it("is grey without a target or without a repository", () => {
    expect(computeGitIndicator(host(), null)).toMatchObject({ color: "grey", label: "no fleet target" });
    expect(computeGitIndicator(host({ headCommit: null }), target())).toMatchObject({ color: "grey", label: "repository unknown" });
  });
});

describe("L: lock", () => {
  it("compares with the target's lockHash when it has one", () => {
    const withLock = context({ target: target({ lockHash: "c".repeat(64) }) });
    expect(computeLockIndicator(host(), withLock).color).toBe("green");
    expect(computeLockIndicator(host({ lockHash: "d".repeat(64) }), withLock)).toMatchObject({ color: "yellow", label: "flake.lock differs from fleet target" });
    expect(computeLockIndicator(host({ lockHash: null }), withLock).color).toBe("grey");
  });
  it.each([
    [0, "green"], [7, "green"], [8, "yellow"], [30, "yellow"], [31, "red"], [400, "red"],
  ])("without a target lock, %i days old is %s", (days, color) => {
    expect(computeLockIndicator(host({ lockModifiedAt: NOW - days * DAY }), context()).color).toBe(color);
  });
  it("uses the configured thresholds", () => {
    expect(computeLockIndicator(host({ lockModifiedAt: NOW - 3 * DAY }), context({ lockGreenDays: 2 })).color).toBe("yellow");
  });
  it("is grey when the age is unknown, with or without a target", () => {
    expect(computeLockIndicator(host({ lockModifiedAt: null }), context()).color).toBe("grey");
    expect(computeLockIndicator(host({ lockModifiedAt: null }), context({ target: null })).color).toBe("grey");
  });
});

describe("S: system", () => {
  it.each<[Partial<HostView>, string, string]>([
    [{}, "green", "running system is up to date"],
    [{ desiredSystem: SYS2 }, "yellow", "a rebuild would change the system"],
    [{ desiredSystemError: "error: attribute missing" }, "red", "evaluation failed"],
    [{ desiredSystemEvaluating: true }, "blue", "evaluating the desired system"],
    [{ runningCommand: { id: "x", type: "switch" } }, "blue", "switching"],
    [{ runningCommand: { id: "x", type: "pull-switch" } }, "blue", "switching"],
    [{ desiredSystem: null }, "grey", "not evaluated yet"],
    [{ currentSystem: null }, "grey", "not evaluated yet"],
  ])("%j → %s", (override, color, label) => {
    expect(computeSystemIndicator(host(override))).toMatchObject({ color, label });
  });
  it("is red while the host stays rolled back, naming the generation, the time and the reason", () => {
    const rolledBack = { fromGeneration: 8, toGeneration: 7, reason: "no confirmation from the dashboard within 8 s after the switch", at: Date.UTC(2026, 11, 5, 16, 2) };
    expect(computeSystemIndicator(host({ rolledBack }))).toEqual({
      letter: "S", color: "red", label: "rolled back",
      description: "S: rolled back from generation 8 at 2026-12-05 16:02 UTC: no confirmation from the dashboard within 8 s after the switch",
    });
    expect(computeSystemIndicator(host({ rolledBack, runningCommand: { id: "y", type: "switch" } })).label).toBe("switching");
    expect(computeSystemIndicator(host({ rolledBack, runningCommand: { id: "y", type: "rollback" } })).label).toBe("rolling back");
    expect(computeSystemIndicator(host({ rolledBack: null })).label).toBe("running system is up to date");
  });
  it("puts the evaluation error in the description", () => {
    expect(computeSystemIndicator(host({ desiredSystemError: "boom" })).description).toBe("S: evaluation failed (boom)");
  });
});

describe("T: tests", () => {
  const run = (state: "passed" | "failed", system = SYS1, failed: string[] = []) =>
    ({ commandId: "c", state, failed, system, finishedAt: NOW });
  it.each<[Partial<HostView>, string, string]>([
    [{ lastTest: run("passed") }, "green", "T: tests passed"],
    [{ lastTest: run("failed", SYS1, ["T02-dns.sh"]) }, "red", "T: tests failed (failed: T02-dns.sh)"],
    [{ lastTest: run("passed", SYS2) }, "grey", "T: not tested since the last switch"],
    [{ lastTest: null }, "grey", "T: not tested since the last switch"],
    [{ runningCommand: { id: "x", type: "test" } }, "blue", "T: tests running"],
  ])("%j → %s", (override, color, description) => {
    expect(computeTestIndicator(host(override))).toMatchObject({ color, description });
  });
});

describe("A: agent", () => {
  it("is hidden when the agent is as new as the dashboard, or newer", () => {
    expect(computeAgentIndicator(host(), "1.2.0")).toBeNull();
    expect(computeAgentIndicator(host({ agentVersion: "1.3.0" }), "1.2.0")).toBeNull();
    expect(computeAgentIndicator(host({ agentVersion: "" }), "1.2.0")).toBeNull();
  });
  it("is red when the agent is older", () => {
    expect(computeAgentIndicator(host({ agentVersion: "1.1.9" }), "1.2.0")).toMatchObject({
      color: "red", description: "A: agent outdated (1.1.9 → 1.2.0)",
    });
  });
});

describe("computeIndicators", () => {
  it("gives G, L, S, T, and A only when outdated", () => {
    expect(computeIndicators(host(), context()).map((i) => i.letter)).toEqual(["G", "L", "S", "T"]);
    expect(computeIndicators(host({ agentVersion: "0.9.0" }), context()).map((i) => i.letter)).toEqual(["G", "L", "S", "T", "A"]);
  });
});

describe("compareVersions", () => {
  it.each([
    ["1.10.0", "1.9.2", 1], ["1.2.0", "1.2", 0], ["1.2.0-rc.1", "1.2.0", -1], ["2.0.0", "10.0.0", -1], ["1.2.0-b", "1.2.0-a", 1],
  ])("%s vs %s → %i", (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });
});
