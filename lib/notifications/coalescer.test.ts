import { describe, expect, it } from "vitest";
import { retryDelay } from "./backoff";
import { channelHears } from "./channel-rules";
import { Coalescer, MAX_WINDOWS_PER_BURST, SAMPLES_PER_BURST, type Burst } from "./coalescer";
import type { NotificationEvent } from "./events";
import { FakeTimers } from "../../test-support/fake-timers";

describe("Coalescer", () => {
  it("sends 50 events of one key within the window as one burst with the count and the first few", () => {
    const timers = new FakeTimers();
    const bursts: Burst<number>[] = [];
    const coalescer = new Coalescer<number>(10_000, (burst) => bursts.push(burst), timers, () => timers.now);
    for (let i = 0; i < 50; i++) coalescer.add("failed", i);
    timers.advance(9_999);
    expect(bursts).toEqual([]);
    timers.advance(1);
    expect(bursts).toEqual([{ key: "failed", count: 50, samples: Array.from({ length: SAMPLES_PER_BURST }, (_, i) => i) }]);
  });

  it("keeps one burst while events keep coming within the quiet window (a slow burst on a busy dashboard)", () => {
    const timers = new FakeTimers();
    const bursts: Burst<number>[] = [];
    const coalescer = new Coalescer<number>(10_000, (burst) => bursts.push(burst), timers, () => timers.now);
    for (let i = 0; i < 5; i++) {
      coalescer.add("failed", i);
      timers.advance(8_000);
    }
    expect(bursts).toEqual([]);
    timers.advance(2_000);
    expect(bursts.map((b) => b.count)).toEqual([5]);
  });

  it("sends a burst that never quiets down at the cap, and goes on in a new one", () => {
    const timers = new FakeTimers();
    const bursts: Burst<number>[] = [];
    const coalescer = new Coalescer<number>(1_000, (burst) => bursts.push(burst), timers, () => timers.now);
    for (let i = 0; i < 20; i++) {
      coalescer.add("failed", i);
      timers.advance(500);
    }
    expect(bursts.map((b) => b.count)).toEqual([MAX_WINDOWS_PER_BURST * 2]);
    timers.advance(1_000);
    expect(bursts.map((b) => b.count)).toEqual([12, 8]);
  });

  it("keeps keys apart, and opens a new window after one is sent", () => {
    const timers = new FakeTimers();
    const bursts: Burst<string>[] = [];
    const coalescer = new Coalescer<string>(1_000, (burst) => bursts.push(burst), timers, () => timers.now);
    coalescer.add("a", "a1");
    coalescer.add("b", "b1");
    timers.advance(1_000);
    coalescer.add("a", "a2");
    timers.advance(1_000);
    expect(bursts.map((b) => [b.key, b.count, b.samples])).toEqual([["a", 1, ["a1"]], ["b", 1, ["b1"]], ["a", 1, ["a2"]]]);
  });

  it("sends what it holds at once on flushAll", () => {
    const timers = new FakeTimers();
    const bursts: Burst<number>[] = [];
    const coalescer = new Coalescer<number>(60_000, (burst) => bursts.push(burst), timers, () => timers.now);
    coalescer.add("k", 1);
    coalescer.flushAll();
    timers.advance(60_000);
    expect(bursts).toHaveLength(1);
  });
});

describe("retryDelay", () => {
  it("doubles from the first delay, caps it, and stops after the last attempt", () => {
    const policy = { attempts: 8, firstDelayMs: 1_000, maxDelayMs: 20_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((attempt) => retryDelay(policy, attempt))).toEqual([null, 1_000, 2_000, 4_000, 8_000, 16_000, 20_000, 20_000, null]);
  });
});

describe("channelHears", () => {
  const rule = { events: ["command.failed", "host.offline", "host.behind"] as const, offlineMinutes: 10, behindHours: 24 };
  const event = (kind: NotificationEvent["kind"], lastedMs?: number): NotificationEvent => ({ kind, subject: "web-1", text: "", at: 0, lastedMs });

  it("hears only its kinds", () => {
    expect(channelHears(rule, event("command.failed"))).toBe(true);
    expect(channelHears(rule, event("rollout.finished"))).toBe(false);
  });

  it("hears a lasting condition only past its own limit", () => {
    expect(channelHears(rule, event("host.offline", 9 * 60_000))).toBe(false);
    expect(channelHears(rule, event("host.offline", 10 * 60_000))).toBe(true);
    expect(channelHears(rule, event("host.behind", 23 * 3_600_000))).toBe(false);
    expect(channelHears(rule, event("host.behind", 24 * 3_600_000))).toBe(true);
  });
});
