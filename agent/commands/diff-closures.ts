import { MAX_PREVIEW_PACKAGES, type PackageChange, type PackageVersion, type Preview } from "../../lib/protocol/index";

/**
 * Reads what `nix store diff-closures <before> <after>` prints, one line per package name whose
 * versions or size changed (nix's src/nix/diff-closures.cc):
 *
 *   firefox: 119.0 → 120.0, +1234.5 KiB     a version change, with its size change
 *   kdeconnect-kde: ∅ → 20.08.2, +6599.7 KiB  added (∅: not in that closure)
 *   kdeconnect: 20.08.2 → ∅, -6597.8 KiB      removed
 *   bluez-qt: +12.6 KiB                       only the size changed
 *
 * Several versions of one package are joined by ", "; an empty version is "ε"; a size change under
 * 8 KiB is not printed. On a terminal the size is coloured: escapes are dropped first.
 */

export type ClosureDiff = Pick<Preview, "packages" | "counts" | "closureDeltaBytes">;

const EMPTY_SET = "∅";
const ARROW = " → ";
// eslint-disable-next-line no-control-regex -- terminal colour escapes are exactly what is removed
const ANSI_ESCAPE = /\u001b\[[0-9;]*[A-Za-z]/g;
const SIZE = /^([+-]\d+(?:\.\d+)?) KiB$/;
const LINE = /^([^\s:][^:]*): (.+)$/;

export function parseDiffClosures(text: string): ClosureDiff {
  const changed: PackageChange[] = [];
  const added: PackageVersion[] = [];
  const removed: PackageVersion[] = [];
  let deltaKiB: number | null = null;
  for (const raw of text.split("\n")) {
    const match = LINE.exec(raw.replace(ANSI_ESCAPE, "").trimEnd());
    if (!match) continue;
    const [, name = "", rest = ""] = match;
    const { versions, sizeKiB } = splitSize(rest);
    if (versions === null && sizeKiB === null) continue;
    if (sizeKiB !== null) deltaKiB = (deltaKiB ?? 0) + sizeKiB;
    if (versions === null) continue;
    const arrow = versions.indexOf(ARROW);
    if (arrow < 0) continue;
    const from = versions.slice(0, arrow);
    const to = versions.slice(arrow + ARROW.length);
    if (from === EMPTY_SET && to !== EMPTY_SET) added.push({ name, version: to });
    else if (to === EMPTY_SET && from !== EMPTY_SET) removed.push({ name, version: from });
    else if (from !== EMPTY_SET) changed.push({ name, from, to });
  }
  return {
    packages: {
      changed: changed.slice(0, MAX_PREVIEW_PACKAGES),
      added: added.slice(0, MAX_PREVIEW_PACKAGES),
      removed: removed.slice(0, MAX_PREVIEW_PACKAGES),
    },
    counts: { changed: changed.length, added: added.length, removed: removed.length },
    closureDeltaBytes: deltaKiB === null ? null : Math.round(deltaKiB * 1024),
  };
}

/** "1.0 → 1.1, +2.0 KiB" → versions "1.0 → 1.1" and +2; "+2.0 KiB" alone → no versions. */
function splitSize(rest: string): { versions: string | null; sizeKiB: number | null } {
  const whole = SIZE.exec(rest);
  if (whole) return { versions: null, sizeKiB: Number(whole[1]) };
  const comma = rest.lastIndexOf(", ");
  const tail = comma < 0 ? null : SIZE.exec(rest.slice(comma + 2));
  if (tail) return { versions: rest.slice(0, comma), sizeKiB: Number(tail[1]) };
  return { versions: rest.includes(ARROW) ? rest : null, sizeKiB: null };
}
