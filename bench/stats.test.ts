import { describe, expect, it } from "vitest";
import { distribution, quantileOfSorted, Reservoir } from "./stats";

describe("statistics", () => {
  it("takes nearest-rank quantiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantileOfSorted(values, 0.5)).toBe(50);
    expect(quantileOfSorted(values, 0.99)).toBe(99);
    expect(distribution([3, 1, 2])).toEqual({ count: 3, p50: 2, p99: 3, max: 3 });
    expect(distribution([]).count).toBe(0);
  });

  it("keeps exact counts and maxima in a reservoir that samples the rest", () => {
    const reservoir = new Reservoir(100);
    for (let i = 1; i <= 10_000; i += 1) reservoir.add(i);
    const summary = reservoir.summary();
    expect(summary.count).toBe(10_000);
    expect(summary.max).toBe(10_000);
    expect(summary.p50).toBeGreaterThan(2_000);
    expect(summary.p50).toBeLessThan(8_000);
  });
});
