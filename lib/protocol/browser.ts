import { z } from "zod";
import { COMMAND_TYPES, type CommandState, type CommandType } from "./agent";
import type { DeviceType, Location, Platform } from "./fields";
import { hostNameSchema } from "./fields";

export const BROWSER_NAMESPACE = "/browser";

/** A host as the fleet page shows it. Times are Unix milliseconds. */
export interface HostView {
  name: string;
  platform: Platform;
  osVersion: string;
  nixpkgsVersion: string;
  agentVersion: string;
  location: Location;
  deviceType: DeviceType;
  themeColor: string;
  repoUrl: string;
  online: boolean;
  lastSeenAt: number;
  headCommit: string | null;
  lockHash: string | null;
  lockModifiedAt: number | null;
  currentSystem: string | null;
  desiredSystem: string | null;
  uptimeSeconds: number;
  desiredSystemEvaluating: boolean;
  desiredSystemError: string | null;
  /** The command the agent reports running (it outlives dashboard restarts), or null. */
  runningCommand: { id: string; type: CommandType } | null;
  /** The host's latest command as the dashboard knows it (running, awaiting the agent, or done). */
  lastCommand: CommandSummary | null;
}

export interface CommandSummary {
  id: string;
  type: CommandType;
  state: CommandState;
  requestedBy: string;
  createdAt: number;
  finishedAt: number | null;
  exitCode: number | null;
  durationMs: number | null;
  reason: string | null;
}

export interface HostPatch {
  name: string;
  changes: Partial<Omit<HostView, "name">>;
}

export interface ServerToBrowserEvents {
  "fleet:snapshot": (hosts: HostView[]) => void;
  /** Changes since the last snapshot or patch, coalesced over a short window. */
  "fleet:patches": (patches: HostPatch[]) => void;
  "host:removed": (name: string) => void;
  /** To browsers watching the command: new lines (possibly repeating ones already sent; dedupe by seq). */
  "command:output": (message: { commandId: string; lines: OutputLine[] }) => void;
  "command:changed": (command: WatchedCommand) => void;
}

export const commandRequestSchema = z.object({ host: hostNameSchema, type: z.enum(COMMAND_TYPES) });
export type CommandRequestMessage = z.infer<typeof commandRequestSchema>;
export const commandStopRequestSchema = z.object({ host: hostNameSchema });
export const commandWatchSchema = z.object({ commandId: z.uuid() });

export type BrowserReply<T = object> = ({ ok: true } & T) | { ok: false; error: string };

export interface OutputLine {
  seq: number;
  stream: "stdout" | "stderr" | "system";
  line: string;
}

export interface WatchedCommand extends CommandSummary {
  hostName: string;
}

export interface BrowserToServerEvents {
  "command:request": (request: CommandRequestMessage, ack: (reply: BrowserReply<{ command: CommandSummary }>) => void) => void;
  "command:stop": (request: { host: string }, ack: (reply: BrowserReply) => void) => void;
  /** Starts streaming a command's output: the reply holds what is stored so far, then `command:output` follows. */
  "command:watch": (
    request: { commandId: string },
    ack: (reply: BrowserReply<{ command: WatchedCommand; lines: OutputLine[]; truncated: boolean }>) => void,
  ) => void;
  "command:unwatch": (request: { commandId: string }) => void;
}
