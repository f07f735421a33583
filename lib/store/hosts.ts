import { deviceTypeSchema, locationSchema, platformSchema } from "../protocol/fields";
import type { HostView } from "../protocol/browser";
import type { Host } from "./generated/client.ts";
import type { Store } from "./client";

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
    indicators: [],
  };
}

function rowFields(view: HostView) {
  return {
    platform: view.platform,
    osVersion: view.osVersion,
    nixpkgsVersion: view.nixpkgsVersion,
    agentVersion: view.agentVersion,
    location: view.location,
    deviceType: view.deviceType,
    themeColor: view.themeColor,
    repoUrl: view.repoUrl,
    headCommit: view.headCommit,
    lockHash: view.lockHash,
    lockModifiedAt: view.lockModifiedAt === null ? null : new Date(view.lockModifiedAt),
    currentSystem: view.currentSystem,
    desiredSystem: view.desiredSystem,
    uptimeSeconds: view.uptimeSeconds,
    lastSeenAt: new Date(view.lastSeenAt),
  };
}

export async function loadHostViews(store: Store): Promise<HostView[]> {
  const rows = await store.host.findMany({ orderBy: { name: "asc" } });
  return rows.map(hostViewFromRow);
}

/** Writes a batch of changed hosts in one transaction. */
export async function saveHostViews(store: Store, views: readonly HostView[]): Promise<void> {
  if (views.length === 0) return;
  await store.$transaction(
    views.map((view) =>
      store.host.upsert({
        where: { name: view.name },
        create: { name: view.name, ...rowFields(view) },
        update: rowFields(view),
      }),
    ),
  );
}

export async function deleteHost(store: Store, name: string): Promise<void> {
  await store.host.deleteMany({ where: { name } });
}
