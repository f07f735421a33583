import type { CommandSummary, HostView, Indicator } from "@/lib/protocol/browser";

/** A host as the dashboard sends it, for the UI's unit tests. */
export function testHost(name: string, overrides: Partial<HostView> = {}): HostView {
  return {
    name,
    platform: "nixos",
    osVersion: "24.11",
    nixpkgsVersion: "24.11",
    agentVersion: "0.1.0",
    location: "home",
    deviceType: "server",
    themeColor: "#3b82f6",
    repoUrl: "",
    repoUrlSource: null,
    online: true,
    lastSeenAt: 1_000,
    headCommit: null,
    lockHash: null,
    lockModifiedAt: null,
    currentSystem: null,
    desiredSystem: null,
    uptimeSeconds: 0,
    desiredSystemEvaluating: false,
    desiredSystemError: null,
    runningCommand: null,
    lastCommand: null,
    lastTest: null,
    lastPreview: null,
    rolledBack: null,
    clockSkewMs: null,
    indicators: [],
    tags: [],
    ...overrides,
  };
}

export function testCommand(overrides: Partial<CommandSummary> = {}): CommandSummary {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    type: "switch",
    state: "running",
    requestedBy: "admin",
    createdAt: 10_000,
    finishedAt: null,
    exitCode: null,
    durationMs: null,
    reason: null,
    confirmedAt: null,
    rollback: null,
    ...overrides,
  };
}

export function testIndicator(letter: Indicator["letter"], color: Indicator["color"]): Indicator {
  return { letter, color, label: color, description: `${letter}: ${color}` };
}
