import { deviceTypeSchema, locationSchema, platformSchema, tagsSchema } from "../protocol/fields";
import type { HostView } from "../protocol/browser";
import { randomUUID } from "node:crypto";
import { Prisma, type Host } from "./generated/client.ts";
import type { Store } from "./client";
import { executeDirect } from "./direct-statements";
import { valuesListTyping } from "./values-list";

/** A stored host as the fleet shows it before its agent reports again: offline, nothing running. */
export function hostViewFromRow(row: Host): HostView {
  return {
    name: row.name,
    platform: platformSchema.catch("nixos").parse(row.platform),
    osVersion: row.osVersion,
    nixpkgsVersion: row.nixpkgsVersion,
    agentVersion: row.agentVersion,
    location: locationSchema.catch("other").parse(row.location),
    deviceType: deviceTypeSchema.catch("other").parse(row.deviceType),
    themeColor: row.themeColor,
    repoUrl: row.repoUrl,
    // Live only, like `online`: the agent says it again when it registers.
    repoUrlSource: null,
    online: false,
    lastSeenAt: row.lastSeenAt.getTime(),
    headCommit: row.headCommit,
    lockHash: row.lockHash,
    lockModifiedAt: row.lockModifiedAt?.getTime() ?? null,
    currentSystem: row.currentSystem,
    desiredSystem: row.desiredSystem,
    uptimeSeconds: row.uptimeSeconds,
    desiredSystemEvaluating: false,
    desiredSystemError: null,
    runningCommand: null,
    lastCommand: null,
    lastTest: null,
    lastPreview: null,
    rolledBack: null,
    clockSkewMs: null,
    indicators: [],
    tags: parseTags(row.tags),
  };
}

/** Tags are stored as a JSON array; a damaged value reads as none. */
function parseTags(text: string): string[] {
  try {
    return tagsSchema.catch([]).parse(JSON.parse(text));
  } catch {
    return [];
  }
}

/** Columns written from a HostView, in the order of `rowValues`. */
export const HOST_COLUMNS = [
  "platform", "osVersion", "nixpkgsVersion", "agentVersion", "location", "deviceType", "themeColor", "repoUrl",
  "headCommit", "lockHash", "lockModifiedAt", "currentSystem", "desiredSystem", "uptimeSeconds", "lastSeenAt", "tags",
] as const;

function rowValues(view: HostView): Prisma.Sql[] {
  const values = [
    view.platform, view.osVersion, view.nixpkgsVersion, view.agentVersion, view.location, view.deviceType,
    view.themeColor, view.repoUrl, view.headCommit, view.lockHash,
    view.lockModifiedAt === null ? null : new Date(view.lockModifiedAt),
    view.currentSystem, view.desiredSystem, view.uptimeSeconds, new Date(view.lastSeenAt), JSON.stringify(view.tags),
  ];
  return values.map((value) => Prisma.sql`${value}`);
}

const BATCH_ROWS = 200;
const quoted = (column: string) => `"${column}"`;

export async function loadHostViews(store: Store): Promise<HostView[]> {
  const rows = await store.host.findMany({ orderBy: { name: "asc" } });
  return rows.map(hostViewFromRow);
}

/**
 * Writes changed hosts with multi-row upserts (a few statements for thousands of hosts, where
 * one Prisma upsert per host would hold the event loop for seconds).
 */
export async function saveHostViews(store: Store, views: readonly HostView[]): Promise<void> {
  const columns = Prisma.raw(["id", "name", ...HOST_COLUMNS].map(quoted).join(", "));
  const updates = Prisma.raw(HOST_COLUMNS.map((c) => `${quoted(c)} = excluded.${quoted(c)}`).join(", "));
  for (let start = 0; start < views.length; start += BATCH_ROWS) {
    const rows = views
      .slice(start, start + BATCH_ROWS)
      .map((view) => Prisma.sql`(${randomUUID()}, ${view.name}, ${Prisma.join(rowValues(view))})`);
    await executeDirect(store, Prisma.sql`INSERT INTO "Host" (${columns}) VALUES ${Prisma.join(rows)} ON CONFLICT ("name") DO UPDATE SET ${updates}`);
  }
}

/** Heartbeat-only updates per statement: three values a row. */
const HEARTBEAT_BATCH_ROWS = 1000;

/**
 * Writes only the clock of hosts whose one change since their last write is a heartbeat (last
 * seen, uptime): an UPDATE of two columns from a VALUES list, about a quarter of the CPU of the full
 * upsert for the whole fleet every minute. Rows that do not exist are left alone.
 */
export async function saveHostHeartbeats(store: Store, views: readonly HostView[]): Promise<void> {
  const typed = valuesListTyping(store);
  for (let start = 0; start < views.length; start += HEARTBEAT_BATCH_ROWS) {
    const rows = views
      .slice(start, start + HEARTBEAT_BATCH_ROWS)
      .map((view) => Prisma.sql`(${view.name}, ${typed(new Date(view.lastSeenAt), "timestamp(3)")}, ${typed(view.uptimeSeconds, "integer")})`);
    // SQLite (and PostgreSQL) name the columns of a VALUES list column1, column2, …
    await executeDirect(store, Prisma.sql`UPDATE "Host" SET "lastSeenAt" = v.column2, "uptimeSeconds" = v.column3
      FROM (VALUES ${Prisma.join(rows)}) AS v WHERE "Host"."name" = v.column1`);
  }
}

export async function deleteHost(store: Store, name: string): Promise<void> {
  await store.host.deleteMany({ where: { name } });
}
