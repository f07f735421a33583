import { describe, expect, it } from "vitest";
import { ConnectionLimit } from "./connection-limit";

describe("ConnectionLimit", () => {
  it("gives each address `max` slots, and a slot back once however often it is released", () => {
    const limit = new ConnectionLimit(2);
    const first = limit.acquire("192.0.2.1")!;
    expect(limit.acquire("192.0.2.1")).not.toBeNull();
    expect(limit.acquire("192.0.2.1")).toBeNull();
    expect(limit.acquire("192.0.2.2")).not.toBeNull();
    first();
    first();
    expect(limit.acquire("192.0.2.1")).not.toBeNull();
    expect(limit.acquire("192.0.2.1")).toBeNull();
  });
});
