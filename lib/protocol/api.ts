import { z } from "zod";
import { commandRequestFields, type CommandSummary, type HostView } from "./browser";
import { checkRunTests, hostNameSchema } from "./fields";
import type { Generation } from "./generations";
import type { Preview } from "./preview";

/**
 * The dashboard's JSON API: what each route accepts (schemas the route helper checks) and what it
 * answers (the shapes the components read). A route and its callers meet here.
 */

// ---- What routes accept ----

export const hostParamsSchema = z.object({ name: hostNameSchema });
export const tokenParamsSchema = z.object({ host: hostNameSchema });
export const commandParamsSchema = z.object({ id: z.uuid() });
export const nextAuthParamsSchema = z.object({ nextauth: z.array(z.string().max(64)).max(4) });

/** `?page=`: pages count from 0. */
export const pageQuerySchema = z.object({ page: z.coerce.number().int().min(0).max(1_000_000).default(0) });
/** `?action=`: an audit action or the start of one (`token.` finds every token change). */
export const auditQuerySchema = pageQuerySchema.extend({ action: z.string().max(64).optional() });

/** POST /api/hosts/[name]/commands: `{ "type": "switch" }`, `{ "type": "switch", "runTests": false }` (the host is the path's). */
export const commandStartSchema = commandRequestFields.pick({ type: true, generation: true, runTests: true }).superRefine(checkRunTests);

// ---- What routes answer ----

/** Every refusal and failure: words for the user, and the id that finds the request in the log. */
export interface ApiError {
  error: string;
  requestId: string;
}

export interface OkReply {
  ok: true;
}

export interface HostList {
  hosts: HostView[];
}

export interface HistoryPage {
  commands: CommandSummary[];
  total: number;
  page: number;
  pageSize: number;
}

/** GET /api/hosts/[name]: the host and a page of its commands, newest first. */
export interface HostDetail extends HistoryPage {
  host: HostView;
}

/** GET /api/hosts/[name]/generations: newest first; empty until the agent reports them (older agents never do). */
export interface GenerationList {
  generations: Generation[];
}

/** GET /api/commands/[id]/preview: what a preview command found a switch would change. */
export interface PreviewDetail {
  commandId: string;
  hostName: string;
  /** Unix milliseconds; null while the command has not ended. */
  finishedAt: number | null;
  preview: Preview;
}

export interface CommandStarted {
  command: CommandSummary;
}

export interface HostTokenState {
  host: string;
  state: "none" | "active" | "revoked";
  source: string | null;
  createdAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface TokenList {
  hosts: HostTokenState[];
  sharedTokenEnabled: boolean;
}

/** A token is readable once, in this answer. */
export interface IssuedToken {
  host: string;
  token: string;
  snippet: string;
}

export interface AuditEvent {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  sourceIp: string;
  /** JSON of the entry's details, or "". */
  detail: string;
}

export interface AuditPage {
  events: AuditEvent[];
  total: number;
  page: number;
  pageSize: number;
}

export type Health = { status: "ok"; version: string } | { status: "unavailable"; reason: string };
