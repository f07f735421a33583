import { describe, expect, it } from "vitest";
import { OutputBudget } from "./output-budget";

const lines = (count: number, length: number) => Array.from({ length: count }, () => ({ line: "x".repeat(length) }));

describe("OutputBudget", () => {
  it("takes output until the command's budget is spent, counting what the store already holds (issue 12, weak spot 5)", async () => {
    const budget = new OutputBudget(async (id) => (id === "old" ? 900 : 0), 1_000);
    expect(await budget.take("new", lines(9, 100))).toBe(true);
    expect(await budget.take("new", lines(2, 100))).toBe(false);
    expect(await budget.take("new", lines(1, 100))).toBe(true);
    expect(await budget.take("new", lines(1, 1))).toBe(false);
    expect(await budget.take("old", lines(2, 100))).toBe(false);
    expect(await budget.take("old", lines(1, 100))).toBe(true);
  });

  it("tells without waiting whether lines fit what it knows of a command, and fits a command it has not measured yet", async () => {
    const budget = new OutputBudget(async () => 0, 1_000);
    expect(budget.fits("unmeasured", lines(20, 100))).toBe(true);
    await budget.take("new", lines(9, 100));
    expect(budget.fits("new", lines(1, 100))).toBe(true);
    expect(budget.fits("new", lines(2, 100))).toBe(false);
  });
});
