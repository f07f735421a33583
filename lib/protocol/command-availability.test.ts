import { describe, expect, it } from "vitest";
import { testCommand, testHost } from "../../test-support/host-views";
import { busyWith, commandAvailability } from "./command-availability";

describe("commandAvailability", () => {
  it("lets an online, idle host take a command but not a stop", () => {
    const host = testHost("web-1", { lastCommand: testCommand({ state: "succeeded" }) });
    expect(commandAvailability(host, "switch")).toEqual({ ok: true });
    expect(commandAvailability(host, "stop")).toEqual({ ok: false, why: "idle" });
  });

  it("refuses everything on an offline host", () => {
    const host = testHost("web-1", { online: false, runningCommand: { id: crypto.randomUUID(), type: "pull" } });
    expect(commandAvailability(host, "pull")).toEqual({ ok: false, why: "offline" });
    expect(commandAvailability(host, "stop")).toEqual({ ok: false, why: "offline" });
  });

  it("counts a host busy with what its agent reports running, else with its latest command until it ends", () => {
    const reported = { id: crypto.randomUUID(), type: "test" as const };
    const queued = testCommand({ state: "queued", type: "switch" });
    expect(busyWith(testHost("web-1", { runningCommand: reported, lastCommand: queued }))).toEqual(reported);
    expect(busyWith(testHost("web-1", { lastCommand: queued }))).toBe(queued);
    expect(busyWith(testHost("web-1", { lastCommand: testCommand({ state: "lost" }) }))).toBeNull();
    const busy = testHost("web-1", { lastCommand: queued });
    expect(commandAvailability(busy, "pull")).toEqual({ ok: false, why: "busy", running: queued });
    expect(commandAvailability(busy, "stop")).toEqual({ ok: true });
  });
});
