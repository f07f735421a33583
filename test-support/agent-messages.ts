import type { HostStatus, RegisterMessage } from "../lib/protocol/agent";

/** A heartbeat's status with nothing known yet, for tests. */
export function testStatus(overrides: Partial<HostStatus> = {}): HostStatus {
  return {
    headCommit: null,
    lockHash: null,
    lockModifiedAt: null,
    currentSystem: null,
    desiredSystem: null,
    uptimeSeconds: 1,
    runningCommand: null,
    desiredSystemEvaluating: false,
    desiredSystemError: null,
    ...overrides,
  };
}

/** A well-formed registration of `hostname`, for tests. */
export function testRegistration(hostname: string, overrides: Partial<RegisterMessage> = {}): RegisterMessage {
  return {
    hostname,
    platform: "nixos",
    osVersion: "24.05",
    nixpkgsVersion: "24.05",
    agentVersion: "0.1.0",
    location: "home",
    deviceType: "server",
    themeColor: "#769ff0",
    repoUrl: "",
    repoDir: "",
    status: testStatus(),
    ...overrides,
  };
}
