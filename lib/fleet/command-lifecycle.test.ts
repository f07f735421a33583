import { describe, expect, it } from "vitest";
import type { CommandState } from "../protocol/agent";
import type { HostView } from "../protocol/browser";
import { checkCommandRequest, nextCommandState, type CommandEvent } from "./command-lifecycle";

const E = {
  accepted: { kind: "accepted" },
  refused: { kind: "refused" },
  disconnected: { kind: "agent-disconnected" },
  running: { kind: "agent-reports-running" },
  succeeded: { kind: "result", state: "succeeded" },
  failed: { kind: "result", state: "failed" },
  cancelled: { kind: "result", state: "cancelled" },
  rolledBack: { kind: "result", state: "rolled-back" },
  lost: { kind: "lost" },
} satisfies Record<string, CommandEvent>;

describe("nextCommandState", () => {
  it.each<[CommandState, CommandEvent, CommandState | null]>([
    ["queued", E.accepted, "running"],
    ["queued", E.refused, "failed"],
    ["queued", E.disconnected, "awaiting-reconnect"],
    ["queued", E.lost, "lost"],
    ["running", E.accepted, null],
    ["running", E.refused, null],
    ["running", E.disconnected, "awaiting-reconnect"],
    ["running", E.running, null],
    ["running", E.succeeded, "succeeded"],
    ["running", E.failed, "failed"],
    ["running", E.cancelled, "cancelled"],
    ["running", E.rolledBack, "rolled-back"],
    ["awaiting-reconnect", E.rolledBack, "rolled-back"],
    ["lost", E.rolledBack, "rolled-back"],
    ["rolled-back", E.succeeded, null],
    ["rolled-back", E.running, null],
    ["running", E.lost, null],
    ["awaiting-reconnect", E.running, "running"],
    ["awaiting-reconnect", E.succeeded, "succeeded"],
    ["awaiting-reconnect", E.lost, "lost"],
    ["awaiting-reconnect", E.disconnected, "awaiting-reconnect"],
    ["succeeded", E.failed, null],
    ["failed", E.disconnected, null],
    ["cancelled", E.lost, null],
    ["lost", E.succeeded, "succeeded"],
    ["lost", E.failed, "failed"],
    ["lost", E.running, "running"],
    ["lost", E.disconnected, null],
    ["lost", E.lost, null],
    ["succeeded", E.running, null],
  ])("%s + %j → %s", (state, event, expected) => {
    expect(nextCommandState(state, event)).toBe(expected);
  });
});

const host = (override: Partial<HostView> = {}): HostView => ({
  name: "web-1", platform: "nixos", osVersion: "", nixpkgsVersion: "", agentVersion: "0.1.0", location: "home",
  deviceType: "server", themeColor: "#769ff0", repoUrl: "", repoUrlSource: null, online: true, lastSeenAt: 0, headCommit: null,
  lockHash: null, lockModifiedAt: null, currentSystem: null, desiredSystem: null, uptimeSeconds: 0,
  desiredSystemEvaluating: false, desiredSystemError: null, runningCommand: null, lastCommand: null, lastTest: null, lastPreview: null, rolledBack: null, clockSkewMs: null, indicators: [], tags: [], ...override,
});
const summary = (state: CommandState) => ({
  id: "c1", type: "switch" as const, state, requestedBy: "admin", createdAt: 0, finishedAt: null, exitCode: null,
  durationMs: null, reason: null, confirmedAt: null, rollback: null,
});

describe("checkCommandRequest", () => {
  it("refuses unknown and offline hosts", () => {
    expect(checkCommandRequest(undefined, "pull")).toEqual({ ok: false, reason: "unknown host" });
    expect(checkCommandRequest(host({ online: false }), "pull")).toEqual({ ok: false, reason: "web-1 is offline" });
  });

  it("refuses a second command while one runs, by what the agent or the dashboard knows", () => {
    expect(checkCommandRequest(host({ runningCommand: { id: "c1", type: "test" } }), "pull")).toEqual({
      ok: false, reason: "busy: test is running",
    });
    expect(checkCommandRequest(host({ lastCommand: summary("running") }), "pull")).toEqual({
      ok: false, reason: "busy: switch is running",
    });
  });

  it("allows a command after the last one ended", () => {
    expect(checkCommandRequest(host({ lastCommand: summary("failed") }), "pull")).toEqual({ ok: true });
  });

  it("allows stop only while something runs", () => {
    expect(checkCommandRequest(host({ lastCommand: summary("running") }), "stop")).toEqual({ ok: true });
    expect(checkCommandRequest(host(), "stop")).toEqual({ ok: false, reason: "nothing is running" });
  });
});
