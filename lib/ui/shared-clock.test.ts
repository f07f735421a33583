import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SharedClock } from "./shared-clock";

describe("SharedClock", () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it("ticks every listener once per interval with the same time", () => {
    const clock = new SharedClock(1_000);
    const seen: number[] = [];
    clock.subscribe(() => seen.push(clock.now()));
    clock.subscribe(() => seen.push(clock.now()));
    vi.advanceTimersByTime(1_000);
    expect(seen).toEqual([1_001_000, 1_001_000]);
  });

  it("runs its timer only while someone listens", () => {
    const clock = new SharedClock(1_000);
    expect(clock.running).toBe(false);
    const stopA = clock.subscribe(() => {});
    const stopB = clock.subscribe(() => {});
    expect(clock.running).toBe(true);
    stopA();
    expect(clock.running).toBe(true);
    stopB();
    expect(clock.running).toBe(false);
  });

  it("reads a fresh time while stopped and when the first listener arrives", () => {
    const clock = new SharedClock(1_000);
    vi.advanceTimersByTime(5_000);
    expect(clock.now()).toBe(1_005_000);
    clock.subscribe(() => {});
    vi.advanceTimersByTime(400);
    expect(clock.now()).toBe(1_005_000);
  });
});
