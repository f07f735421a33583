import { z } from "zod";
import type { CommandType } from "./agent";
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
}

export const hostNameMessageSchema = z.object({ name: hostNameSchema });

export interface BrowserToServerEvents {
  "fleet:subscribe": () => void;
}
