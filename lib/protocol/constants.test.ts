import { describe, expect, it } from "vitest";
import { COMMAND_STATES, isFinalState } from "./constants";

describe("isFinalState", () => {
  it("holds for the states a command never leaves, and for no other", () => {
    expect(COMMAND_STATES.filter(isFinalState)).toEqual(["succeeded", "failed", "cancelled", "lost", "rolled-back"]);
    expect(COMMAND_STATES.filter((state) => !isFinalState(state))).toEqual(["queued", "running", "awaiting-reconnect"]);
  });
});
