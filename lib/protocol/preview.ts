import { z } from "zod";
import { shortTextSchema, storePathSchema } from "./fields";

/**
 * What a switch would change, as the `preview` command found it: package changes from
 * `nix store diff-closures <running> <built>`, and on NixOS the units `dry-activate` names. Every
 * list is bounded (a preview of a new install can name thousands of packages): `truncated` says
 * whether anything was left out, the counts are always the full ones.
 */

export const MAX_PREVIEW_PACKAGES = 500;
export const MAX_PREVIEW_UNITS = 200;

/** A version as diff-closures prints it: "120.0", "ε" (empty), or several joined by ", ". */
const versionTextSchema = shortTextSchema;
/** A package or unit name: bounded, printable. */
const nameSchema = shortTextSchema.min(1);

export const packageChangeSchema = z.object({ name: nameSchema, from: versionTextSchema, to: versionTextSchema });
export const packageVersionSchema = z.object({ name: nameSchema, version: versionTextSchema });
export type PackageChange = z.infer<typeof packageChangeSchema>;
export type PackageVersion = z.infer<typeof packageVersionSchema>;

const countSchema = z.number().int().nonnegative();
const unitListSchema = z.array(nameSchema).max(MAX_PREVIEW_UNITS);

export const UNIT_ACTIONS = ["stop", "start", "restart", "reload"] as const;
export type UnitAction = (typeof UNIT_ACTIONS)[number];

export const previewUnitsSchema = z.object({
  start: unitListSchema,
  stop: unitListSchema,
  restart: unitListSchema,
  reload: unitListSchema,
});
export type PreviewUnits = z.infer<typeof previewUnitsSchema>;

export const previewSchema = z.object({
  packages: z.object({
    changed: z.array(packageChangeSchema).max(MAX_PREVIEW_PACKAGES),
    added: z.array(packageVersionSchema).max(MAX_PREVIEW_PACKAGES),
    removed: z.array(packageVersionSchema).max(MAX_PREVIEW_PACKAGES),
  }),
  /** The full number of each kind, also when a list was cut at MAX_PREVIEW_PACKAGES. */
  counts: z.object({ changed: countSchema, added: countSchema, removed: countSchema }),
  /** Sum of the size changes diff-closures printed (it leaves out changes under 8 KiB); null: none printed. */
  closureDeltaBytes: z.number().int().nullable(),
  /** null off NixOS: only nixos-rebuild has dry-activate. */
  units: previewUnitsSchema.nullable(),
  /** The system the preview built (what a switch now would activate); null when the build failed. */
  desiredSystem: storePathSchema.nullable(),
});
export type Preview = z.infer<typeof previewSchema>;

/**
 * A host's latest preview as the fleet knows it (HostView.lastPreview): the numbers a row and a bulk
 * sheet show, and the system it previewed, which says whether it still describes the next switch.
 * The lists are fetched when shown (GET /api/commands/<id>/preview), keeping the fleet's per-host
 * payload small.
 */
export interface PreviewSummary {
  commandId: string;
  desiredSystem: string | null;
  /** Unix milliseconds. */
  finishedAt: number;
  counts: PreviewCounts;
}

export function previewSummary(commandId: string, finishedAt: number, preview: Preview): PreviewSummary {
  return { commandId, desiredSystem: preview.desiredSystem, finishedAt, counts: previewCounts(preview) };
}

/** The few numbers a fleet row and a bulk sheet show of a preview. */
export interface PreviewCounts {
  changed: number;
  added: number;
  removed: number;
  units: Record<UnitAction, number> | null;
  closureDeltaBytes: number | null;
}

export function previewCounts(preview: Preview): PreviewCounts {
  const units = preview.units;
  return {
    ...preview.counts,
    units: units && { stop: units.stop.length, start: units.start.length, restart: units.restart.length, reload: units.reload.length },
    closureDeltaBytes: preview.closureDeltaBytes,
  };
}
