import { describe, expect, it } from "vitest";
import { testCommand, testHost } from "../../test-support/host-views";
import { changedFields, sameValue } from "./host-patch";

describe("sameValue", () => {
  it("compares JSON-like values by content", () => {
    expect(sameValue({ a: 1, b: [1, { c: "x" }] }, { b: [1, { c: "x" }], a: 1 })).toBe(true);
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameValue([1, 2], [1, 2, 3])).toBe(false);
    expect(sameValue([], {})).toBe(false);
    expect(sameValue(null, {})).toBe(false);
    expect(sameValue("a", "a")).toBe(true);
  });
});

describe("changedFields", () => {
  it("keeps only the fields whose values differ, and says null when none do", () => {
    const host = testHost("web-1", { lastCommand: testCommand({ state: "running" }), uptimeSeconds: 5 });
    expect(changedFields(host, { uptimeSeconds: 5, lastCommand: testCommand({ state: "running" }) })).toBeNull();
    expect(changedFields(host, { uptimeSeconds: 6, lastCommand: testCommand({ state: "running" }) })).toEqual({ uptimeSeconds: 6 });
  });
});
