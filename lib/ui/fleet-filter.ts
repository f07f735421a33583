import type { HostView } from "@/lib/protocol/browser";
import { classifyHost, isBehind, isBusy, needsAttention, STATUS_ORDER } from "./host-activity";
import { compareHostNames } from "../host-names";

export type StatusFilter = "all" | "attention" | "offline" | "busy";
export type SortKey = "name" | "status" | "last-seen";

export interface FleetFilter {
  status: StatusFilter;
  /** A location, or "all". */
  location: HostView["location"] | "all";
  deviceType: HostView["deviceType"] | "all";
  platform: HostView["platform"] | "all";
  /** A tag the host must carry, or "all". */
  tag: string;
  /** Matched, case-insensitively, against name, location, device type, platform, versions and tags. */
  text: string;
  sort: SortKey;
}

export const DEFAULT_FLEET_FILTER: FleetFilter = {
  status: "all", location: "all", deviceType: "all", platform: "all", tag: "all", text: "", sort: "name",
};

export function isDefaultFilter(filter: FleetFilter): boolean {
  return (
    filter.status === "all" && filter.location === "all" && filter.deviceType === "all" && filter.platform === "all" &&
    filter.tag === "all" && filter.text.trim() === ""
  );
}

export function matchesStatus(host: HostView, status: StatusFilter): boolean {
  switch (status) {
    case "all":
      return true;
    case "attention":
      return needsAttention(host);
    case "offline":
      return !host.online;
    case "busy":
      return isBusy(host);
  }
}

function matchesText(host: HostView, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const haystack = [host.name, host.location, host.deviceType, host.platform, host.osVersion, host.agentVersion, ...host.tags]
    .join(" ")
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

const statusRank = new Map(STATUS_ORDER.map((status, index) => [status, index]));

/**
 * The last-seen order: online hosts first (they are all "now"; heartbeats must not reshuffle
 * them), then offline hosts, most recently seen first.
 */
function compareLastSeen(a: HostView, b: HostView): number {
  if (a.online !== b.online) return a.online ? -1 : 1;
  if (a.online) return 0;
  return b.lastSeenAt - a.lastSeenAt;
}

function comparator(sort: SortKey): (a: HostView, b: HostView) => number {
  switch (sort) {
    case "name":
      return (a, b) => compareHostNames(a.name, b.name);
    case "status":
      return (a, b) =>
        statusRank.get(classifyHost(a))! - statusRank.get(classifyHost(b))! || compareHostNames(a.name, b.name);
    case "last-seen":
      return (a, b) => compareLastSeen(a, b) || compareHostNames(a.name, b.name);
  }
}

/** The names of the hosts the table shows, in its order. */
export function selectHostNames(hosts: Iterable<HostView>, filter: FleetFilter): string[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  const shown: HostView[] = [];
  for (const host of hosts) {
    if (filter.location !== "all" && host.location !== filter.location) continue;
    if (filter.deviceType !== "all" && host.deviceType !== filter.deviceType) continue;
    if (filter.platform !== "all" && host.platform !== filter.platform) continue;
    if (filter.tag !== "all" && !host.tags.includes(filter.tag)) continue;
    if (!matchesStatus(host, filter.status)) continue;
    if (!matchesText(host, words)) continue;
    shown.push(host);
  }
  return shown.sort(comparator(filter.sort)).map((host) => host.name);
}

/**
 * What of a host decides where it is listed (filters and sort orders), as one string: the store
 * re-runs the table's filter only when this changes, not on every heartbeat.
 */
export function hostListKey(host: HostView): string {
  return [
    host.online ? 1 : 0,
    host.online ? 0 : host.lastSeenAt,
    classifyHost(host),
    needsAttention(host) ? 1 : 0,
    isBusy(host) ? 1 : 0,
    isBehind(host) ? 1 : 0,
    host.location,
    host.deviceType,
    host.platform,
    host.osVersion,
    host.agentVersion,
    host.tags.join(","),
  ].join("|");
}

/** Every tag some host carries, sorted: the choices of the tag filter. */
export function fleetTags(hosts: Iterable<HostView>): string[] {
  const tags = new Set<string>();
  for (const host of hosts) for (const tag of host.tags) tags.add(tag);
  return [...tags].sort();
}

/** Keeps the previous array when the new one has the same names in the same order (React skips the work). */
export function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Hands back the previous list while a new one has the same names in the same order. */
export class StableNames {
  private current: readonly string[] = [];

  keep(next: readonly string[]): readonly string[] {
    if (!sameNames(this.current, next)) this.current = next;
    return this.current;
  }
}
