import { z } from "zod";
import { COMMAND_STATES, COMMAND_TYPES } from "./constants";
import type { HostPatch, HostView } from "./browser";
import { generationNumberSchema, rollbackInfoSchema } from "./agent";
import { hostNameSchema, runTestsSchema } from "./fields";

/**
 * Messages between dashboard replicas sharing one PostgreSQL database. They travel through the
 * Socket.IO adapter (PostgreSQL NOTIFY), so anyone who can write to the database can send them:
 * they are validated like any other peer's messages.
 */

export { CLUSTER_NAMESPACE } from "./constants";

const replicaIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "replica id: letters, digits, - and _");
/** Orders one replica's host messages, which PostgreSQL may deliver out of order (they are sent on several connections). */
const stateSeqSchema = z.number().int().nonnegative();

/** Every HostView field, so a peer's patch can carry only fields the fleet knows. */
export const HOST_VIEW_FIELDS = [
  "platform", "osVersion", "nixpkgsVersion", "agentVersion", "location", "deviceType", "themeColor", "repoUrl",
  "repoUrlSource", "online", "lastSeenAt", "headCommit", "lockHash", "lockModifiedAt", "currentSystem", "desiredSystem",
  "uptimeSeconds", "desiredSystemEvaluating", "desiredSystemError", "runningCommand", "lastCommand", "lastTest",
  "lastPreview", "rolledBack", "clockSkewMs", "indicators", "tags",
] as const satisfies readonly Exclude<keyof HostView, "name">[];
type UnlistedField = Exclude<Exclude<keyof HostView, "name">, (typeof HOST_VIEW_FIELDS)[number]>;
// Fails to compile when HostView gains a field that peers would drop.
const everyFieldListed: [UnlistedField] extends [never] ? true : never = true;
void everyFieldListed;

/**
 * A peer's host patch: the field names are checked, the values are taken as the peer computed
 * them (the same code validated them when its agent sent them, and a peer can already write the
 * whole database).
 */
const hostPatchSchema = z.object({
  name: hostNameSchema,
  changes: z.partialRecord(z.enum(HOST_VIEW_FIELDS), z.unknown()).transform((changes) => changes as HostPatch["changes"]),
});

export const commandSummarySchema = z.object({
  id: z.uuid(),
  type: z.enum(COMMAND_TYPES),
  state: z.enum(COMMAND_STATES),
  requestedBy: z.string().max(200),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  exitCode: z.number().int().nullable(),
  durationMs: z.number().nullable(),
  reason: z.string().nullable(),
  confirmedAt: z.number().nullable(),
  rollback: rollbackInfoSchema.nullable(),
});

export const peerCommandRequestSchema = z.object({
  host: hostNameSchema,
  type: z.enum(COMMAND_TYPES),
  generation: generationNumberSchema.optional(),
  runTests: runTestsSchema,
  requestedBy: z.string().max(200),
  sourceIp: z.string().max(100).optional(),
  bulkRunId: z.uuid().optional(),
  id: z.uuid().optional(),
});

export const requestOutcomeSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), command: commandSummarySchema }),
  z.object({ ok: z.literal(false), reason: z.string() }),
]);

/** What one replica may ask the replica that holds a host's agent connection. */
export const peerCallSchemas = {
  "commands.request": {
    payload: z.object({ requests: z.array(peerCommandRequestSchema).max(20_000) }),
    result: z.object({ outcomes: z.array(requestOutcomeSchema) }),
  },
  "commands.stop": {
    payload: z.object({ host: hostNameSchema, requestedBy: z.string().max(200), sourceIp: z.string().max(100).optional() }),
    result: z.discriminatedUnion("ok", [z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), reason: z.string() })]),
  },
} as const;
export type PeerMethod = keyof typeof peerCallSchemas;
export type PeerPayload<M extends PeerMethod> = z.infer<(typeof peerCallSchemas)[M]["payload"]>;
export type PeerResult<M extends PeerMethod> = z.infer<(typeof peerCallSchemas)[M]["result"]>;

export const peerMessageSchemas = {
  /** Sent every few seconds; a replica silent for longer than its peers' limit is gone, with its agents. */
  "peer:alive": z.object({ from: replicaIdSchema }),
  /** Sent by a replica that is stopping: its peers need not wait for its silence. */
  "peer:leaving": z.object({ from: replicaIdSchema }),
  /**
   * Changes of hosts whose agents are connected to the sender (or that no replica holds). A patch
   * with `online: true` claims the host: its agent is now connected to the sender.
   */
  "peer:hosts": z.object({ from: replicaIdSchema, seq: stateSeqSchema.optional(), patches: z.array(hostPatchSchema).max(20_000) }),
  /**
   * Every host whose agent is connected to the sender, after the full patches of them: the receiver
   * takes offline the hosts it thought the sender held that are not listed (their going offline was
   * missed), unless it heard a later claim of one (a higher `seq`).
   */
  "peer:held": z.object({ from: replicaIdSchema, seq: stateSeqSchema, hosts: z.array(hostNameSchema).max(100_000) }),
  /** "Send me your full state": to one peer that this replica has just heard, or (null) to all after it was deaf. */
  "peer:state-request": z.object({ from: replicaIdSchema, to: replicaIdSchema.nullable() }),
  "peer:removed": z.object({ from: replicaIdSchema, name: hostNameSchema }),
  /** Command changes on the replica that runs them, for bulk runs started elsewhere. */
  "peer:commands": z.object({
    from: replicaIdSchema,
    commands: z.array(commandSummarySchema.extend({ hostName: hostNameSchema })).max(20_000),
  }),
  /** Close the host's agent connection unless it used `keepTokenId` (a token was revoked or rotated). */
  "peer:disconnect-agent": z.object({ from: replicaIdSchema, host: hostNameSchema, keepTokenId: z.string().max(64).nullable() }),
  "peer:call": z.object({
    from: replicaIdSchema,
    to: replicaIdSchema,
    id: z.uuid(),
    method: z.enum(Object.keys(peerCallSchemas) as [PeerMethod, ...PeerMethod[]]),
    payload: z.unknown(),
  }),
  "peer:reply": z.object({
    from: replicaIdSchema,
    to: replicaIdSchema,
    id: z.uuid(),
    result: z.unknown().optional(),
    error: z.string().max(500).optional(),
  }),
} as const;

export type PeerEvent = keyof typeof peerMessageSchemas;
export type PeerMessage<E extends PeerEvent> = z.infer<(typeof peerMessageSchemas)[E]>;
