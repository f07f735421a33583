import { describe, expect, it } from "vitest";
import { gateDelays, rolloutFigures } from "./rollout-figures";

describe("the rollout figures", () => {
  it("measures each receipt from the last gate that passed before it, leaving out the canary's", () => {
    // Canary received at 5, its gate at 100; wave 2 received 120 and 130, its gate at 400; wave 3 at 450; last gate at 900.
    expect(gateDelays([100, 400, 900], [5, 120, 130, 450])).toEqual([[20, 30], [50]]);
  });

  it("stops at the first gate that never passed (a rollout that stopped)", () => {
    expect(gateDelays([100, null, 900], [5, 150, 950])).toEqual([[50, 850]]);
  });

  it("has no figure when no gate passed", () => {
    const figures = rolloutFigures([null, null], [5, 6]);
    expect(figures.gateToReceivedMs.count).toBe(0);
    expect(figures.p99ByWaveMs).toEqual([]);
  });

  it("gives the p99 over every host and per wave", () => {
    const wave2 = Array.from({ length: 100 }, (_, i) => 1_000 + i + 1);
    const wave3 = Array.from({ length: 100 }, (_, i) => 5_000 + 2 * (i + 1));
    const figures = rolloutFigures([1_000, 5_000, 9_000], [10, ...wave2, ...wave3]);
    expect(figures.p99ByWaveMs).toEqual([99, 198]);
    expect(figures.gateToReceivedMs).toEqual({ count: 200, p50: 67, p99: 196, max: 200 });
  });
});
