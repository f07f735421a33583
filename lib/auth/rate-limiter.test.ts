import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter";

describe("RateLimiter", () => {
  it("allows `limit` attempts per window, then says when to retry", () => {
    const limiter = new RateLimiter({ limit: 5, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) expect(limiter.hit("1.2.3.4", 1_000 + i)).toEqual({ allowed: true });
    expect(limiter.hit("1.2.3.4", 2_000)).toEqual({ allowed: false, retryAfterSeconds: 59 });
    expect(limiter.hit("5.6.7.8", 2_000)).toEqual({ allowed: true });
  });

  it("lets attempts through again as old ones leave the window", () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: 10_000 });
    limiter.hit("k", 0);
    limiter.hit("k", 5_000);
    expect(limiter.hit("k", 9_999).allowed).toBe(false);
    expect(limiter.hit("k", 10_000).allowed).toBe(true);
    expect(limiter.hit("k", 10_001).allowed).toBe(false);
  });

  it("does not count refused attempts", () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1_000 });
    limiter.hit("k", 0);
    for (let t = 1; t < 1_000; t += 100) limiter.hit("k", t);
    expect(limiter.hit("k", 1_000).allowed).toBe(true);
  });

  it("forgets the oldest keys beyond its bound", () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000 }, 2);
    limiter.hit("a", 0);
    limiter.hit("b", 0);
    limiter.hit("c", 0);
    expect(limiter.check("a", 1).allowed).toBe(true);
    expect(limiter.check("c", 1).allowed).toBe(false);
  });
});
