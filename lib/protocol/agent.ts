import { z } from "zod";
import {
  commitSchema,
  deviceTypeSchema,
  hostNameSchema,
  locationSchema,
  platformSchema,
  sha256Schema,
  shortTextSchema,
  storePathSchema,
  themeColorSchema,
  versionSchema,
} from "./fields";

/** Bumped when a message changes shape in a way an older peer cannot read. */
export const PROTOCOL_VERSION = 1;
export const AGENT_NAMESPACE = "/agent";

export const agentAuthSchema = z.object({
  token: z.string().min(1).max(512),
  hostname: hostNameSchema,
  protocol: z.literal(PROTOCOL_VERSION),
});
export type AgentAuth = z.infer<typeof agentAuthSchema>;

/** Where the host stands; sent whole with every heartbeat (a few hundred bytes). */
export const hostStatusSchema = z.object({
  headCommit: commitSchema.nullable(),
  lockHash: sha256Schema.nullable(),
  /** Unix seconds of the last commit that touched flake.lock. */
  lockModifiedAt: z.number().int().nonnegative().nullable(),
  currentSystem: storePathSchema.nullable(),
  desiredSystem: storePathSchema.nullable(),
  uptimeSeconds: z.number().int().nonnegative(),
});
export type HostStatus = z.infer<typeof hostStatusSchema>;

export const registerMessageSchema = z.object({
  hostname: hostNameSchema,
  platform: platformSchema,
  osVersion: shortTextSchema,
  nixpkgsVersion: shortTextSchema,
  agentVersion: versionSchema,
  location: locationSchema,
  deviceType: deviceTypeSchema,
  themeColor: themeColorSchema,
  repoUrl: shortTextSchema,
  repoDir: shortTextSchema,
  status: hostStatusSchema,
});
export type RegisterMessage = z.infer<typeof registerMessageSchema>;

export const heartbeatMessageSchema = z.object({ status: hostStatusSchema });
export type HeartbeatMessage = z.infer<typeof heartbeatMessageSchema>;

export type Ack = { ok: true } | { ok: false; error: string };
export interface RegisterAccepted {
  ok: true;
  dashboardVersion: string;
}
export type RegisterAck = RegisterAccepted | { ok: false; error: string };

export interface AgentToServerEvents {
  register: (message: RegisterMessage, ack: (reply: RegisterAck) => void) => void;
  heartbeat: (message: HeartbeatMessage, ack: (reply: Ack) => void) => void;
}

export interface ServerToAgentEvents {
  /** Sent when the dashboard refuses something the agent sent without an ack to answer. */
  "protocol:error": (error: { event: string; error: string }) => void;
}

/** Reasons a connection is refused during the handshake (the `message` of connect_error). */
export const AUTH_ERRORS = {
  invalidToken: "invalid token",
  malformedHandshake: "malformed handshake",
  rateLimited: "too many failed attempts",
} as const;
