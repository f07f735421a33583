import type { PreviewCounts, UnitAction } from "./preview";

/**
 * A preview's numbers in words, the same in the agent's output and on the page. Free of zod (types
 * only from preview.ts), so the page can import it.
 */

/** Bytes as nix prints sizes: "+1.2 MiB", "-800.0 KiB". */
export function formatSizeDelta(bytes: number): string {
  const sign = bytes < 0 ? "-" : "+";
  const kib = Math.abs(bytes) / 1024;
  return kib >= 1024 ? `${sign}${(kib / 1024).toFixed(1)} MiB` : `${sign}${kib.toFixed(1)} KiB`;
}

/** The unit actions in the order a switch does them. */
export const UNIT_ACTION_ORDER: readonly UnitAction[] = ["stop", "start", "restart", "reload"];

/** "2 changed, 1 added, 0 removed packages, closure +1.2 MiB; units: 0 to stop, 0 to start, 1 to restart, 0 to reload". */
export function previewCountsText(counts: PreviewCounts): string {
  const closure = counts.closureDeltaBytes === null ? "" : `, closure ${formatSizeDelta(counts.closureDeltaBytes)}`;
  const units = counts.units;
  const unitWords = units === null ? "" : `; units: ${UNIT_ACTION_ORDER.map((action) => `${units[action]} to ${action}`).join(", ")}`;
  return `${counts.changed} changed, ${counts.added} added, ${counts.removed} removed packages${closure}${unitWords}`;
}
