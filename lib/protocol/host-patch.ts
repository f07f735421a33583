import type { HostPatch, HostView } from "./browser";

/**
 * How a host's view changed: the dashboard sends the fields that differ as a patch, and the page
 * applies only those that really differ. One comparison for both, free of zod for the page.
 */

/**
 * The fields of `changes` whose values differ from the host's, or null when none do. An equal
 * value is left out, so the page keeps its old object (memoised cells skip it).
 */
export function changedFields(host: HostView, changes: HostPatch["changes"]): HostPatch["changes"] | null {
  let changed: Record<string, unknown> | null = null;
  for (const key of Object.keys(changes) as (keyof typeof changes)[]) {
    if (sameValue(host[key], changes[key])) continue;
    changed ??= {};
    changed[key] = changes[key];
  }
  return changed as HostPatch["changes"] | null;
}

/**
 * Equality of JSON-like values (what HostView holds): primitives, arrays and plain objects, compared
 * by content. Same answer as comparing JSON.stringify of both for these values (key order aside),
 * without building two strings for every field of every heartbeat.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key in left) {
    if (left[key] === undefined) continue;
    count += 1;
    if (!sameValue(left[key], right[key])) return false;
  }
  for (const key in right) if (right[key] !== undefined) count -= 1;
  return count === 0;
}
