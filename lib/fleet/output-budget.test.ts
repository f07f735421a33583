import { describe, expect, it } from "vitest";
import { OutputBudget } from "./output-budget";

const lines = (count: number, length: number) => Array.from({ length: count }, () => ({ line: "x".repeat(length) }));

describe("OutputBudget", () => {
  it("takes output until the command's budget is spent, counting what the store already holds (issue 12, weak spot 5)", async () => {
    const budget = new OutputBudget(async (id) => (id === "old" ? 900 : 0), 1_000);
    expect(await budget.takeFitting("new", lines(9, 100))).toEqual({ taken: 9, left: 100 });
    expect(await budget.takeFitting("new", lines(2, 100))).toEqual({ taken: 1, left: 0 });
    expect(await budget.takeFitting("new", lines(1, 1))).toEqual({ taken: 0, left: 0 });
    expect(await budget.takeFitting("old", lines(2, 60))).toEqual({ taken: 1, left: 40 });
  });

  it("takes nothing more once the rest of a command's budget was spent", async () => {
    const budget = new OutputBudget(async () => 0, 1_000);
    expect(await budget.takeFitting("cut", [{ line: "x".repeat(600) }, { line: "x".repeat(500) }, { line: "x" }])).toEqual({ taken: 1, left: 400 });
    budget.spendAll("cut");
    expect(await budget.takeFitting("cut", lines(1, 1))).toEqual({ taken: 0, left: -1 });
  });

  it("tells without waiting whether lines fit what it knows of a command, and fits a command it has not measured yet", async () => {
    const budget = new OutputBudget(async () => 0, 1_000);
    expect(budget.fits("unmeasured", lines(20, 100))).toBe(true);
    await budget.takeFitting("new", lines(9, 100));
    expect(budget.fits("new", lines(1, 100))).toBe(true);
    expect(budget.fits("new", lines(2, 100))).toBe(false);
  });

  it("never measures a command it saw created: nothing of it is stored yet", async () => {
    let measured = 0;
    const budget = new OutputBudget(async () => (measured += 1, 0), 1_000);
    budget.created("fresh");
    expect(await budget.takeFitting("fresh", lines(9, 100))).toEqual({ taken: 9, left: 100 });
    expect(budget.fits("fresh", lines(2, 100))).toBe(false);
    expect(measured).toBe(0);
  });
});
