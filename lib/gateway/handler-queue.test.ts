import { describe, expect, it } from "vitest";
import { HandlerQueue } from "./handler-queue";

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("HandlerQueue", () => {
  it("starts handlers in arrival order, one per turn of the event loop", async () => {
    const queue = new HandlerQueue();
    const started: number[] = [];
    const done = [1, 2, 3].map((n) => queue.run(() => started.push(n)));
    expect(started).toEqual([]);
    await turn();
    expect(started).toEqual([1]);
    await Promise.all(done);
    expect(started).toEqual([1, 2, 3]);
  });

  it("lets a timer run between handlers however many are waiting", async () => {
    const queue = new HandlerQueue();
    let timerFiredAfter = -1;
    let finished = 0;
    const busy = () => {
      const until = Date.now() + 2;
      while (Date.now() < until);
      finished += 1;
    };
    setTimeout(() => (timerFiredAfter = finished), 1);
    await Promise.all(Array.from({ length: 50 }, () => queue.run(busy)));
    expect(timerFiredAfter).toBeGreaterThanOrEqual(0);
    expect(timerFiredAfter).toBeLessThan(10);
  });

  it("passes on a handler's result and its failure", async () => {
    const queue = new HandlerQueue();
    await expect(queue.run(async () => 42)).resolves.toBe(42);
    await expect(
      queue.run(() => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(queue.waiting).toBe(0);
  });

  it("skips tasks that waited longer than the stale limit, resolving them to undefined", async () => {
    const queue = new HandlerQueue();
    const blockFor = (ms: number) => () => {
      const until = Date.now() + ms;
      while (Date.now() < until);
      return "ran";
    };
    const results = await Promise.all([queue.run(blockFor(20), 5), queue.run(blockFor(0), 5), queue.run(blockFor(0)), queue.run(blockFor(0), 5)]);
    expect(results).toEqual(["ran", undefined, "ran", undefined]);
    expect(queue.skipped).toBe(2);
    await expect(queue.run(() => "fresh", 5)).resolves.toBe("fresh");
  });

  it("keeps order through a backlog of thousands", async () => {
    const queue = new HandlerQueue();
    const order: number[] = [];
    await Promise.all(Array.from({ length: 5_000 }, (_, i) => queue.run(() => order.push(i))));
    expect(order).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
    expect(queue.waiting).toBe(0);
  });
});
