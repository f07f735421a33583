import { UNIT_ACTIONS, type Preview } from "../../lib/protocol/index";

/** Bytes as nix prints sizes: "+1.2 MiB", "-800.0 KiB". */
export function formatSizeDelta(bytes: number): string {
  const sign = bytes < 0 ? "-" : "+";
  const kib = Math.abs(bytes) / 1024;
  return kib >= 1024 ? `${sign}${(kib / 1024).toFixed(1)} MiB` : `${sign}${kib.toFixed(1)} KiB`;
}

/**
 * The preview's last line of output, counts first: "preview: 2 changed, 1 added, 0 removed packages,
 * closure +1.2 MiB; units: 1 to restart, 0 to reload, 0 to start, 0 to stop".
 */
export function describePreview(preview: Preview): string {
  const { changed, added, removed } = preview.counts;
  const closure = preview.closureDeltaBytes === null ? "" : `, closure ${formatSizeDelta(preview.closureDeltaBytes)}`;
  const units = preview.units;
  const unitWords =
    units === null ? "" : `; units: ${UNIT_ACTIONS.map((action) => `${units[action].length} to ${action}`).join(", ")}`;
  return `preview: ${changed} changed, ${added} added, ${removed} removed packages${closure}${unitWords}`;
}
