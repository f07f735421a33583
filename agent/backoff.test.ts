import { describe, expect, it } from "vitest";
import { Backoff } from "./backoff";

describe("Backoff", () => {
  it("doubles from 1 s to a 60 s ceiling, with the jitter inside each step's upper half", () => {
    const low = new Backoff({ random: () => 0 });
    const high = new Backoff({ random: () => 0.999999 });
    const steps = [1, 2, 4, 8, 16, 32, 60, 60, 60].map((seconds) => seconds * 1000);
    for (const step of steps) {
      expect(low.next()).toBe(step / 2);
      expect(high.next()).toBe(step);
    }
  });

  it("spreads agents that fail at the same moment", () => {
    const delays = Array.from({ length: 50 }, () => {
      const backoff = new Backoff();
      for (let attempt = 0; attempt < 6; attempt += 1) backoff.next();
      return backoff.next();
    });
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(30_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(60_000);
    expect(new Set(delays).size).toBeGreaterThan(40);
  });

  it("starts from the shortest step again after a reset", () => {
    const backoff = new Backoff({ random: () => 0.5 });
    for (let attempt = 0; attempt < 10; attempt += 1) backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(750);
  });
});
