import { describe, expect, it } from "vitest";
import { HandshakeLimiter } from "./handshake-limiter";

describe("HandshakeLimiter", () => {
  it("counts failures per address and host name", () => {
    const limiter = new HandshakeLimiter(3);
    for (let i = 0; i < 3; i++) expect(limiter.failed("192.0.2.1", "web-1", 1_000)).toBe(true);
    expect(limiter.failed("192.0.2.1", "web-1", 1_000)).toBe(false);
    // Another host behind the same address, or the same host from elsewhere, has its own count.
    expect(limiter.failed("192.0.2.1", "web-2", 1_000)).toBe(true);
    expect(limiter.failed("192.0.2.9", "web-1", 1_000)).toBe(true);
    expect(limiter.failed("192.0.2.1", "web-1", 61_000)).toBe(true);
  });
});
