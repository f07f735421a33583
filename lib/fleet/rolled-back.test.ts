import { describe, expect, it } from "vitest";
import { testCommand } from "../../test-support/host-views";
import { rolledBackAfter } from "./rolled-back";

const rollback = { fromGeneration: 8, toGeneration: 7, reason: "no confirmation from the dashboard within 8 s after the switch" };
const mark = { ...rollback, at: 1_000 };

describe("rolledBackAfter", () => {
  it.each([
    ["a switch rolled back sets it", null, { type: "switch", state: "rolled-back", rollback, finishedAt: 1_000 }, mark],
    ["a pull-switch rolled back sets it", null, { type: "pull-switch", state: "rolled-back", rollback, finishedAt: 1_000 }, mark],
    ["a successful switch clears it", mark, { type: "switch", state: "succeeded" }, null],
    ["a successful rollback clears it", mark, { type: "rollback", state: "succeeded" }, null],
    ["a failed switch keeps it", mark, { type: "switch", state: "failed" }, mark],
    ["a running switch keeps it", mark, { type: "switch", state: "running" }, mark],
    ["a test keeps it", mark, { type: "test", state: "succeeded" }, mark],
    ["a preview keeps it", mark, { type: "preview", state: "succeeded" }, mark],
    ["a pull keeps it", mark, { type: "pull", state: "succeeded" }, mark],
  ] as const)("%s", (_, current, command, expected) => {
    expect(rolledBackAfter(current, testCommand(command))).toEqual(expected);
  });

  it("says it was rolled back even when the agent gave no details", () => {
    expect(rolledBackAfter(null, testCommand({ type: "switch", state: "rolled-back", rollback: null, finishedAt: 5 }))).toEqual({
      fromGeneration: null, toGeneration: null, reason: "rolled back", at: 5,
    });
  });
});
