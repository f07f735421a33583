import { describe, expect, it } from "vitest";
import { progressivePrefix } from "./progressive-list";

const names = (n: number) => Array.from({ length: n }, (_, i) => `h${i}`);

describe("progressivePrefix", () => {
  it("mounts at most the budget of new rows", () => {
    expect(progressivePrefix(names(1000), new Set(), 40)).toBe(40);
    expect(progressivePrefix(names(10), new Set(), 40)).toBe(10);
  });

  it("counts rows already on screen as free", () => {
    const mounted = new Set(names(500));
    expect(progressivePrefix(names(1000), mounted, 40)).toBe(540);
    // A re-sort of the same rows mounts nothing new: all of it at once.
    expect(progressivePrefix([...names(1000)].reverse(), new Set(names(1000)), 40)).toBe(1000);
  });

  it("stops before the first new row past the budget", () => {
    expect(progressivePrefix(["a", "x", "b", "y", "c"], new Set(["a", "b", "c"]), 1)).toBe(3);
  });
});
