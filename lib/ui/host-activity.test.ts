import { describe, expect, it } from "vitest";
import { actionAvailability } from "./host-actions";
import { classifyHost, currentActivity, isBehind, isBusy, needsAttention, worstIndicatorColor } from "./host-activity";
import { testCommand, testHost, testIndicator } from "@/test-support/host-views";

describe("currentActivity", () => {
  it("is null for a host with no command or a finished one", () => {
    expect(currentActivity(testHost("a"))).toBeNull();
    expect(currentActivity(testHost("a", { lastCommand: testCommand({ state: "failed" }) }))).toBeNull();
  });

  it("follows the dashboard's record while the command has not ended", () => {
    const command = testCommand({ state: "awaiting-reconnect" });
    expect(currentActivity(testHost("a", { lastCommand: command }))).toMatchObject({
      commandId: command.id,
      type: "switch",
      state: "awaiting-reconnect",
      since: 10_000,
    });
  });

  it("trusts the agent's running command, with the record's start when they agree", () => {
    const command = testCommand({ id: "00000000-0000-4000-8000-00000000000a", state: "queued" });
    const host = testHost("a", { runningCommand: { id: command.id, type: "switch" }, lastCommand: command });
    expect(currentActivity(host)).toMatchObject({ state: "queued", since: 10_000 });
    // The agent still runs a command the dashboard has lost track of (e.g. after a restart).
    const stray = testHost("a", { runningCommand: { id: "00000000-0000-4000-8000-00000000000b", type: "test" }, lastCommand: command });
    expect(currentActivity(stray)).toMatchObject({ type: "test", state: "running", since: null, command: null });
    expect(isBusy(stray)).toBe(true);
  });
});

describe("status classification", () => {
  it("takes the worst indicator colour", () => {
    expect(worstIndicatorColor(testHost("a"))).toBeNull();
    expect(worstIndicatorColor(testHost("a", { indicators: [testIndicator("G", "green"), testIndicator("L", "yellow")] }))).toBe("yellow");
    expect(worstIndicatorColor(testHost("a", { indicators: [testIndicator("T", "red"), testIndicator("L", "yellow")] }))).toBe("red");
    expect(worstIndicatorColor(testHost("a", { indicators: [testIndicator("S", "blue"), testIndicator("G", "grey")] }))).toBe("blue");
  });

  it("needs attention for a yellow or red indicator only", () => {
    expect(needsAttention(testHost("a", { indicators: [testIndicator("G", "yellow")] }))).toBe(true);
    expect(needsAttention(testHost("a", { indicators: [testIndicator("T", "red")] }))).toBe(true);
    expect(needsAttention(testHost("a", { indicators: [testIndicator("S", "blue"), testIndicator("T", "grey")] }))).toBe(false);
  });

  it("is behind only for a yellow G", () => {
    expect(isBehind(testHost("a", { indicators: [testIndicator("G", "yellow")] }))).toBe(true);
    expect(isBehind(testHost("a", { indicators: [testIndicator("L", "yellow"), testIndicator("G", "green")] }))).toBe(false);
  });

  it("orders problem, attention, offline, busy and ok", () => {
    expect(classifyHost(testHost("a", { indicators: [testIndicator("T", "red")], online: false }))).toBe("problem");
    expect(classifyHost(testHost("a", { indicators: [testIndicator("G", "yellow")] }))).toBe("attention");
    expect(classifyHost(testHost("a", { online: false }))).toBe("offline");
    expect(classifyHost(testHost("a", { lastCommand: testCommand() }))).toBe("busy");
    expect(classifyHost(testHost("a", { indicators: [testIndicator("G", "green")] }))).toBe("ok");
  });
});

describe("actionAvailability", () => {
  it("disables everything on an offline host, saying why", () => {
    const host = testHost("a", { online: false });
    for (const action of ["pull", "switch", "pull-switch", "test", "stop"] as const) {
      expect(actionAvailability(host, action)).toEqual({ enabled: false, reason: "Offline: the agent is not connected" });
    }
  });

  it("allows commands on an idle host and no stop", () => {
    const host = testHost("a");
    expect(actionAvailability(host, "switch").enabled).toBe(true);
    expect(actionAvailability(host, "stop")).toEqual({ enabled: false, reason: "Nothing is running" });
  });

  it("allows only stop while a command runs", () => {
    const host = testHost("a", { lastCommand: testCommand({ type: "pull-switch", state: "running" }) });
    expect(actionAvailability(host, "pull")).toEqual({ enabled: false, reason: "Busy: pull + switch is running" });
    expect(actionAvailability(host, "stop").enabled).toBe(true);
  });
});
