import type { HeartbeatMessage, HostStatus, OutputChunk, RegisterMessage } from "../lib/protocol/agent";

/**
 * What the simulated agents send: the same shapes and about the same sizes as the real agent's
 * (a heartbeat is ~600 bytes). `uptimeSeconds` carries the send time (milliseconds since the run's
 * epoch) so a browser socket can tell how long a heartbeat took to reach it.
 */

const HEX = "0123456789abcdef";
const NIX_BASE32 = "0123456789abcdfghijklmnpqrsvwxyz";

function pseudoRandom(seed: number, length: number, alphabet: string): string {
  let state = (seed * 2654435761) >>> 0 || 1;
  let text = "";
  for (let i = 0; i < length; i += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    text += alphabet[state % alphabet.length];
  }
  return text;
}

export function benchHostName(runId: string, index: number): string {
  return `bench-${runId}-${String(index).padStart(5, "0")}`;
}

/** The agent's host name index, or -1 for a name that is not one of this run's. */
export function benchHostIndex(runId: string, name: string): number {
  const prefix = `bench-${runId}-`;
  return name.startsWith(prefix) ? Number(name.slice(prefix.length)) : -1;
}

export interface SimulatedHost {
  name: string;
  index: number;
  headCommit: string;
  lockHash: string;
  system: string;
}

export function simulatedHost(runId: string, index: number): SimulatedHost {
  const name = benchHostName(runId, index);
  return {
    name,
    index,
    headCommit: pseudoRandom(7, 40, HEX),
    lockHash: pseudoRandom(11, 64, HEX),
    system: `/nix/store/${pseudoRandom(index + 1, 32, NIX_BASE32)}-nixos-system-${name}-24.11.20250101.abcdef0`,
  };
}

export function hostStatus(host: SimulatedHost, stamp: number, running: HostStatus["runningCommand"] = null): HostStatus {
  return {
    headCommit: host.headCommit,
    lockHash: host.lockHash,
    lockModifiedAt: 1_735_689_600,
    currentSystem: host.system,
    desiredSystem: host.system,
    uptimeSeconds: Math.max(0, Math.round(stamp)),
    runningCommand: running,
    desiredSystemEvaluating: false,
    desiredSystemError: null,
  };
}

export function registerMessage(host: SimulatedHost, stamp: number): RegisterMessage {
  return {
    hostname: host.name,
    platform: host.index % 5 === 0 ? "darwin" : "nixos",
    osVersion: "24.11.20250101.abcdef0 (Vicuna)",
    nixpkgsVersion: "24.11.20250101.abcdef0",
    agentVersion: "0.1.0",
    location: (["cloud", "home", "work", "other"] as const)[host.index % 4]!,
    deviceType: (["server", "desktop", "laptop", "gaming", "other"] as const)[host.index % 5]!,
    themeColor: "#769ff0",
    repoUrl: "https://github.com/example/nixcfg.git",
    repoDir: "/var/lib/nixfleet-agent/repo",
    status: hostStatus(host, stamp),
  };
}

export function heartbeatMessage(host: SimulatedHost, stamp: number, running: HostStatus["runningCommand"] = null): HeartbeatMessage {
  return { status: hostStatus(host, stamp, running) };
}

const LINE_FILLER = "building '/nix/store/3x7hbz0c6fkp9y8i1j2m4q5r6s7t8u9v-python3.12-example-package-1.2.3.drv'...";

/** One output line that names its own seq and the time it was printed, so receivers can check both. */
export function outputLine(seq: number, printedAt: number): string {
  return `seq=${seq} t=${printedAt} ${LINE_FILLER}`;
}

export function parseOutputLine(line: string): { seq: number; printedAt: number } | null {
  const match = /^seq=(\d+) t=(\d+) /.exec(line);
  return match ? { seq: Number(match[1]), printedAt: Number(match[2]) } : null;
}

export function outputChunk(seq: number, printedAt: number): OutputChunk {
  return { seq, stream: "stdout", line: outputLine(seq, printedAt) };
}

/**
 * Checks a downloaded command output (one line per seq, in order): how many lines it holds and
 * which seqs are missing, repeated or out of place up to `lastSeq`.
 */
export function checkDownloadedOutput(text: string, lastSeq: number): { lines: number; missing: number; misplaced: number } {
  const lines = text.split("\n").filter((line) => line.length > 0);
  let misplaced = 0;
  const seen = new Uint8Array(lastSeq + 1);
  lines.forEach((line, index) => {
    const parsed = parseOutputLine(line);
    if (!parsed || parsed.seq !== index + 1) misplaced += 1;
    if (parsed && parsed.seq <= lastSeq) seen[parsed.seq] = 1;
  });
  let missing = 0;
  for (let seq = 1; seq <= lastSeq; seq += 1) if (!seen[seq]) missing += 1;
  return { lines: lines.length, missing, misplaced };
}
