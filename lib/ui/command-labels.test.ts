import { describe, expect, it } from "vitest";
import {
  commandProgressText,
  commandResultWords,
  commandStateTone,
  commandTypeLabel,
  commandTypeWords,
  formatDuration,
  formatElapsedCoarse,
  formatUptime,
} from "./command-labels";
import { testCommand } from "@/test-support/host-views";

describe("command labels", () => {
  it("names each command type as its button does", () => {
    expect(["pull", "switch", "pull-switch", "test"].map((t) => commandTypeLabel(t as never))).toEqual([
      "Pull",
      "Switch",
      "Pull + Switch",
      "Test",
    ]);
    expect(commandTypeWords("pull-switch")).toBe("pull + switch");
  });

  it("formats durations in at most two units", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(12_400)).toBe("12 s");
    expect(formatDuration(184_000)).toBe("3 min 4 s");
    expect(formatDuration(120_000)).toBe("2 min");
    expect(formatDuration(3_720_000)).toBe("1 h 2 min");
    expect(formatDuration(-5)).toBe("0 ms");
  });

  it("tells a running command's type and time, ticking with now", () => {
    const command = testCommand({ type: "switch", state: "running", createdAt: 10_000 });
    expect(commandProgressText(command, 22_000)).toBe("switch · running 12 s");
    expect(commandProgressText({ ...command, state: "awaiting-reconnect" }, 22_000)).toBe("switch · awaiting reconnect");
    expect(commandProgressText({ ...command, state: "queued" }, 22_000)).toBe("switch · queued");
  });

  it("tells how a finished command ended", () => {
    expect(commandProgressText(testCommand({ state: "failed", exitCode: 3 }), 0)).toBe("switch failed (exit 3)");
    expect(commandProgressText(testCommand({ type: "test", state: "failed", exitCode: null }), 0)).toBe("test failed");
    expect(commandResultWords(testCommand({ state: "succeeded", durationMs: 4_200 }))).toBe("succeeded in 4 s");
    expect(commandResultWords(testCommand({ state: "cancelled" }))).toBe("cancelled");
  });

  it("gives each state a tone", () => {
    expect(commandStateTone("failed")).toBe("danger");
    expect(commandStateTone("awaiting-reconnect")).toBe("warning");
    expect(commandStateTone("running")).toBe("info");
  });

  it("formats uptime in days and hours, hours and minutes, or minutes", () => {
    expect(formatUptime(3 * 86_400 + 4 * 3_600 + 59)).toBe("3 d 4 h");
    expect(formatUptime(2 * 86_400)).toBe("2 d");
    expect(formatUptime(5 * 3_600 + 12 * 60)).toBe("5 h 12 min");
    expect(formatUptime(42 * 60 + 5)).toBe("42 min");
    expect(formatUptime(12)).toBe("12 s");
  });

  it("keeps a row's running time coarse after the first minute", () => {
    expect(formatElapsedCoarse(42_500)).toBe("42 s");
    expect(formatElapsedCoarse(184_000)).toBe("3 min");
    expect(formatElapsedCoarse(3_725_000)).toBe("1 h 2 min");
    const command = testCommand({ state: "running", createdAt: 0 });
    expect(commandProgressText(command, 125_000, { coarse: true })).toBe("switch · running 2 min");
  });
});
