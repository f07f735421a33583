import { describe, expect, it } from "vitest";
import { Batcher } from "./batcher";

describe("Batcher", () => {
  it("answers the calls of one window with one batch, in order, and starts a new batch after", async () => {
    const batches: number[][] = [];
    const batcher = new Batcher(async (inputs: number[]) => {
      batches.push(inputs);
      return inputs.map((n) => n * 10);
    });
    expect(await Promise.all([batcher.run(1), batcher.run(2), batcher.run(3)])).toEqual([10, 20, 30]);
    expect(await batcher.run(4)).toBe(40);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it("gathers calls made on later turns of the event loop within the window", async () => {
    const batches: number[][] = [];
    const batcher = new Batcher(async (inputs: number[]) => {
      batches.push(inputs);
      return inputs;
    }, 50);
    const calls = [batcher.run(1)];
    await new Promise((resolve) => setImmediate(resolve));
    calls.push(batcher.run(2));
    expect(await Promise.all(calls)).toEqual([1, 2]);
    expect(batches).toEqual([[1, 2]]);
  });

  it("runs a full batch at once, without waiting for the window", async () => {
    const batches: number[][] = [];
    const batcher = new Batcher(async (inputs: number[]) => {
      batches.push(inputs);
      return inputs;
    }, 10_000, 2);
    expect(await Promise.all([1, 2, 3, 4].map((n) => batcher.run(n)))).toEqual([1, 2, 3, 4]);
    expect(batches).toEqual([[1, 2], [3, 4]]);
  });

  it("fails every call of a batch that failed, and the next batch still works", async () => {
    let fail = true;
    const batcher = new Batcher(async (inputs: string[]) => {
      if (fail) throw new Error("store down");
      return inputs;
    });
    const results = await Promise.allSettled([batcher.run("a"), batcher.run("b")]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await batcher.run("c")).toBe("c");
  });
});
