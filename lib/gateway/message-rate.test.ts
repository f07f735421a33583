import { describe, expect, it } from "vitest";
import { TokenBucket } from "./message-rate";

describe("TokenBucket", () => {
  it("allows a burst, then the steady rate", () => {
    const bucket = new TokenBucket(10, 3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
    expect(bucket.take(100)).toBe(true);
    expect(bucket.take(100)).toBe(false);
    expect(bucket.take(10_000)).toBe(true);
  });
});
