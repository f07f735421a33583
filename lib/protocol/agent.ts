import { z } from "zod";
import type { MessageSchemas } from "./events";
import {
  commitSchema,
  deviceTypeSchema,
  hostNameSchema,
  locationSchema,
  platformSchema,
  checkRunTests,
  repoUrlSourceSchema,
  runTestsSchema,
  sha256Schema,
  shortTextSchema,
  storePathSchema,
  tagsSchema,
  themeColorSchema,
  versionSchema,
  type Platform,
} from "./fields";
import { COMMAND_TYPES, PROTOCOL_VERSION } from "./constants";
import { generationsSchema } from "./generations";
import { previewSchema } from "./preview";

export {
  AGENT_NAMESPACE,
  COMMAND_STATES,
  COMMAND_TYPES,
  FINAL_COMMAND_STATES,
  PROTOCOL_VERSION,
  type CommandState,
  type CommandType,
} from "./constants";

export const agentAuthSchema = z.object({
  token: z.string().min(1).max(512),
  hostname: hostNameSchema,
  protocol: z.literal(PROTOCOL_VERSION),
  /**
   * `confirm`: a connection opened after a switch only to confirm it (confirm-or-revert). It does not
   * replace the host's connection and takes only `switch:confirm`.
   */
  purpose: z.literal("confirm").optional(),
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
  /** The command the agent is running, if any (also after a restart, from its journal). */
  runningCommand: z.object({ id: z.uuid(), type: z.enum(COMMAND_TYPES) }).nullable(),
  /** Set while `nix eval` of the desired system runs; the error of the last evaluation otherwise. */
  desiredSystemEvaluating: z.boolean(),
  desiredSystemError: shortTextSchema.nullable(),
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
  /** Where `repoUrl` came from; older agents do not say. */
  repoUrlSource: repoUrlSourceSchema.optional(),
  repoDir: shortTextSchema,
  /** 2: the agent names its platform with the three names of PLATFORMS. Older agents do not send it. */
  platformNames: z.literal(2).optional(),
  /** The host's tags; older agents do not send them. */
  tags: tagsSchema.optional(),
  status: hostStatusSchema,
  /** The host's generations, newest first; older agents do not send them. */
  generations: generationsSchema.optional(),
});
export type RegisterMessage = z.infer<typeof registerMessageSchema>;

/**
 * The platform a registration means. Agents that knew only `nixos` and `darwin` ran Home Manager on
 * macOS as `darwin`; since `darwin` means nix-darwin, their `darwin` is read as `home-manager`.
 */
export function registeredPlatform(message: Pick<RegisterMessage, "platform" | "platformNames">): Platform {
  return message.platform === "darwin" && message.platformNames === undefined ? "home-manager" : message.platform;
}

export const heartbeatMessageSchema = z.object({ status: hostStatusSchema });
export type HeartbeatMessage = z.infer<typeof heartbeatMessageSchema>;

/**
 * Agent → dashboard: the host's generations changed since the agent last told them (a switch, a
 * rollback, or anything else that changed the profile); the whole list, newest first.
 */
export const hostGenerationsSchema = z.object({ generations: generationsSchema });
export type HostGenerations = z.infer<typeof hostGenerationsSchema>;


/** A generation number of the host's profile (lib/protocol/generations.ts). */
export const generationNumberSchema = z.number().int().min(1).max(2_147_483_647);

/**
 * Dashboard → agent: run a command. `refresh` re-evaluates the desired system without running anything.
 * `generation`, only for `rollback`: the generation to return to (default: the one before the current).
 * `runTests`, only for `switch` and `pull-switch`: the health gate (absent: on; fields.ts).
 */
export const commandRunSchema = z
  .object({
    id: z.uuid(),
    type: z.enum([...COMMAND_TYPES, "refresh"]),
    generation: generationNumberSchema.optional(),
    runTests: runTestsSchema,
  })
  .superRefine(checkRunTests);
export type CommandRun = z.infer<typeof commandRunSchema>;
export type CommandRunAck = { accepted: true } | { accepted: false; reason: string };

export const commandStopSchema = z.object({ commandId: z.uuid() });
export type CommandStop = z.infer<typeof commandStopSchema>;

export const MAX_LINE_LENGTH = 8_192;
export const MAX_CHUNKS_PER_MESSAGE = 500;

export const testProgressSchema = z.object({
  name: z.string().max(200).regex(/^T[^/\\]*\.sh$/, "test name: T*.sh"),
  state: z.enum(["running", "passed", "failed"]),
  durationMs: z.number().int().nonnegative().optional(),
  exitCode: z.number().int().optional(),
});
export type TestProgress = z.infer<typeof testProgressSchema>;

/**
 * One line of output. `seq` starts at 1 and has no gaps per command, so the dashboard can store
 * each line once, in order, whatever is sent twice. `system` lines are the agent's own notes
 * (test progress, "output dropped" markers).
 */
export const outputChunkSchema = z.object({
  seq: z.number().int().positive(),
  stream: z.enum(["stdout", "stderr", "system"]),
  line: z.string().max(MAX_LINE_LENGTH),
  test: testProgressSchema.optional(),
});
export type OutputChunk = z.infer<typeof outputChunkSchema>;

export const commandOutputSchema = z.object({
  commandId: z.uuid(),
  chunks: z.array(outputChunkSchema).min(1).max(MAX_CHUNKS_PER_MESSAGE),
});
export type CommandOutputMessage = z.infer<typeof commandOutputSchema>;
/**
 * A refusal of something the agent sent. `retryable` marks a failure of the dashboard's own (its store
 * is unavailable, it is overloaded): the agent keeps the message and sends it again later, however long
 * that takes. Without it the refusal is final (the message itself is wrong).
 */
export type Refusal = { ok: false; error: string; retryable?: boolean };
/**
 * The refusal of a message sent beyond the socket's rate: back-pressure, not a verdict on the message.
 * The agent waits a moment and sends it again, and never counts it toward giving up.
 */
export const RATE_LIMIT_ERROR = "rate limit: slow down";

/** The dashboard has stored every line of the command up to and including `storedThrough`. */
export type OutputAck = { ok: true; storedThrough: number } | Refusal;

/** How a command ended up undone: the generation left, the one returned to, and why. */
export const rollbackInfoSchema = z.object({
  fromGeneration: generationNumberSchema.nullable(),
  toGeneration: generationNumberSchema,
  reason: shortTextSchema,
});
export type RollbackInfo = z.infer<typeof rollbackInfoSchema>;

export const AGENT_RESULT_STATES = ["succeeded", "failed", "cancelled", "rolled-back"] as const;
export type AgentResultState = (typeof AGENT_RESULT_STATES)[number];

export const commandResultSchema = z.object({
  commandId: z.uuid(),
  type: z.enum(COMMAND_TYPES),
  /** `rolled-back` comes with `rollback`. */
  state: z.enum(AGENT_RESULT_STATES),
  exitCode: z.number().int().nullable(),
  startedAt: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative(),
  /** The highest output seq of the command, so the dashboard knows when it has every line. */
  lastSeq: z.number().int().nonnegative(),
  tests: z.array(testProgressSchema).max(1000).optional(),
  /** What a switch would change, from a `preview` command that got that far. */
  preview: previewSchema.optional(),
  rollback: rollbackInfoSchema.optional(),
});
export type CommandResult = z.infer<typeof commandResultSchema>;

/**
 * Agent → dashboard, over a connection opened after a switch (confirm-or-revert): the host reaches the
 * dashboard on its new system. The ack `{ ok: true }` lets the agent stand its watchdog down.
 */
export const switchConfirmSchema = z.object({ commandId: z.uuid() });
export type SwitchConfirm = z.infer<typeof switchConfirmSchema>;

export type Ack = { ok: true } | Refusal;
export interface RegisterAccepted {
  ok: true;
  dashboardVersion: string;
  /**
   * The fleet target's repository (version.json's `repo`), when the dashboard knows one: an agent in
   * isolated mode without a repoUrl of its own clones it.
   */
  fleetRepo?: string;
  /**
   * A per-host token issued on the first registration with the shared token. The agent stores it
   * (mode 0600, state dir) and uses it instead of the shared token from then on.
   */
  hostToken?: string;
}
export type RegisterAck = RegisterAccepted | Refusal;

/**
 * Agent → dashboard, once the `hostToken` of a registration reply is written to its state dir. Until
 * then the shared token may bootstrap the host again (while it is offline: the token may never have
 * arrived); from then on only the host's own token is accepted.
 */
export const hostTokenStoredSchema = z.object({}).strict();
export type HostTokenStored = z.infer<typeof hostTokenStoredSchema>;

export interface AgentToServerEvents {
  register: (message: RegisterMessage, ack: (reply: RegisterAck) => void) => void;
  heartbeat: (message: HeartbeatMessage, ack: (reply: Ack) => void) => void;
  "command:output": (message: CommandOutputMessage, ack: (reply: OutputAck) => void) => void;
  "command:result": (message: CommandResult, ack: (reply: Ack) => void) => void;
  "host-token:stored": (message: HostTokenStored, ack: (reply: Ack) => void) => void;
  "host:generations": (message: HostGenerations, ack: (reply: Ack) => void) => void;
  "switch:confirm": (message: SwitchConfirm, ack: (reply: Ack) => void) => void;
}

/** What an agent may send, keyed by event: the dashboard's only list of the events it takes from agents. */
export const agentMessageSchemas = {
  register: registerMessageSchema,
  heartbeat: heartbeatMessageSchema,
  "command:output": commandOutputSchema,
  "command:result": commandResultSchema,
  "host-token:stored": hostTokenStoredSchema,
  "host:generations": hostGenerationsSchema,
  "switch:confirm": switchConfirmSchema,
} as const satisfies MessageSchemas<AgentToServerEvents>;

/** What a confirm connection (`purpose: "confirm"`) may send: only the confirmation. */
export const confirmMessageSchemas = {
  "switch:confirm": switchConfirmSchema,
} as const satisfies MessageSchemas<ConfirmToServerEvents>;
export type ConfirmToServerEvents = Pick<AgentToServerEvents, "switch:confirm">;

export interface ServerToAgentEvents {
  "command:run": (command: CommandRun, ack: (reply: CommandRunAck) => void) => void;
  "command:stop": (stop: CommandStop, ack: (reply: Ack) => void) => void;
  /** Sent when the dashboard refuses something the agent sent without an ack to answer. */
  "protocol:error": (error: { event: string; error: string }) => void;
}

/** Reasons a connection is refused during the handshake (the `message` of connect_error). */
export const AUTH_ERRORS = {
  invalidToken: "invalid token",
  malformedHandshake: "malformed handshake",
  rateLimited: "too many failed attempts",
} as const;
