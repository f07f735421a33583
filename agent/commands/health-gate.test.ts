import { describe, expect, it } from "vitest";
import { decideHealthGate, requestedHealthGate } from "./health-gate";

describe("the health gate's decision", () => {
  it("is on unless the command turned it off", () => {
    expect(requestedHealthGate(undefined)).toBe("on");
    expect(requestedHealthGate(true)).toBe("on");
    expect(requestedHealthGate(false)).toBe("off");
  });

  it.each([
    ["on, switched, with tests", "on", true, 2, { run: true }],
    ["on, without tests", "on", true, 0, { run: false, note: null }],
    ["on, the switch failed", "on", false, 2, { run: false, note: null }],
    ["off, with tests: says so", "off", true, 2, { run: false, note: "health gate: off for this switch (runTests: false): the host's 2 tests do not run" }],
    ["off, one test", "off", true, 1, { run: false, note: "health gate: off for this switch (runTests: false): the host's test does not run" }],
    ["off, without tests: nothing to say", "off", true, 0, { run: false, note: null }],
    ["none (a rollback), with tests", "none", true, 2, { run: false, note: null }],
  ] as const)("%s", (_name, gate, switched, count, decision) => {
    expect(decideHealthGate(gate, switched, count)).toEqual(decision);
  });
});
