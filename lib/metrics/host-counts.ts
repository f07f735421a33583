import type { HostView } from "../protocol/browser";

/** The fleet in numbers, as the host gauges show it: counted at scrape time, never kept up on the way. */
export interface HostCounts {
  byStatus: Map<"online" | "offline", number>;
  byPlatform: Map<string, number>;
  /** Keyed `${letter}\t${colour}`. */
  byIndicator: Map<string, number>;
}

function add<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

export function countHosts(hosts: readonly HostView[]): HostCounts {
  const counts: HostCounts = { byStatus: new Map([["online", 0], ["offline", 0]]), byPlatform: new Map(), byIndicator: new Map() };
  for (const host of hosts) {
    add(counts.byStatus, host.online ? "online" : "offline");
    add(counts.byPlatform, host.platform);
    for (const indicator of host.indicators) add(counts.byIndicator, `${indicator.letter}\t${indicator.color}`);
  }
  return counts;
}
