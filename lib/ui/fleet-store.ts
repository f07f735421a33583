import type { DashboardHealth, FleetTargetState, HostPatch, HostView, SnapshotPart } from "@/lib/protocol/browser";
import { changedFields, sameValue } from "@/lib/protocol/host-patch";
import { hostListKey } from "./fleet-filter";
import { isBehind, isBusy, needsAttention } from "./host-activity";
import { compareHostNames } from "../host-names";

export { compareHostNames };

/** The browser's link to the dashboard's live feed. */
export type ConnectionState =
  /** First connection attempt, no data yet. */
  | "connecting"
  /** Connected: the table is current. */
  | "live"
  /** Lost the connection; Socket.IO is retrying and the table may be stale. */
  | "reconnecting"
  /** The server refused or closed the connection (e.g. the session expired): no retry. */
  | "disconnected";

export interface FleetSummary {
  total: number;
  online: number;
  offline: number;
  /** Hosts with a yellow or red indicator. */
  attention: number;
  /** Hosts running a command. */
  busy: number;
  /** Hosts whose G indicator says they are behind the fleet target. */
  behind: number;
}

type Listener = () => void;

export const EMPTY_SUMMARY: FleetSummary = { total: 0, online: 0, offline: 0, attention: 0, busy: 0, behind: 0 };

/**
 * The fleet as the browser knows it, fed by the socket (snapshot, patches, removals) and read by
 * React through `useSyncExternalStore`.
 *
 * Built so one heartbeat costs one row: a patch replaces only its host's object and wakes only
 * that host's listeners. The name list, the summary and the list version (which the table's
 * filter and sort follow) change only when a host appears or goes, or when something that decides
 * where a host is listed changes (online, status, location …; see `hostListKey`), never for a
 * heartbeat. Everything else keeps its identity, so React skips it.
 */
export class FleetStore {
  private hosts = new Map<string, HostView>();
  private listKeys = new Map<string, string>();
  private names: readonly string[] = [];
  private listVersion = 0;
  private summary: FleetSummary = EMPTY_SUMMARY;
  private loaded = false;
  /** The parts of a snapshot that is still arriving. */
  private incoming: HostView[] | null = null;
  private connection: ConnectionState = "connecting";
  private target: FleetTargetState | null = null;
  private health: DashboardHealth | null = null;
  private readonly fleetListeners = new Set<Listener>();
  private readonly hostListeners = new Map<string, Set<Listener>>();

  // Getters are arrow properties so they can be handed to useSyncExternalStore as they are.
  getHost = (name: string): HostView | undefined => this.hosts.get(name);
  /** Every host name, in name order. */
  getNames = (): readonly string[] => this.names;
  /**
   * Every host in name order, for the table's filter (whose sort then finds them mostly in order);
   * read it again when `getListVersion` changes.
   */
  getHosts = (): HostView[] => this.names.map((name) => this.hosts.get(name)!);
  getListVersion = (): number => this.listVersion;
  getSummary = (): FleetSummary => this.summary;
  /** False until the first snapshot arrives: "no hosts" and "not loaded yet" look different. */
  isLoaded = (): boolean => this.loaded;
  getConnection = (): ConnectionState => this.connection;
  /** The fleet target, once the dashboard has sent it. */
  getTarget = (): FleetTargetState | null => this.target;
  /** What the dashboard lacks (its store, its peers), as it last said. */
  getHealth = (): DashboardHealth | null => this.health;

  /** Listens for changes to the list, the summary, loading, the connection and the target. */
  subscribe = (listener: Listener): (() => void) => {
    this.fleetListeners.add(listener);
    return () => this.fleetListeners.delete(listener);
  };

  /** Listens for changes to one host (including its removal). */
  subscribeHost = (name: string, listener: Listener): (() => void) => {
    let listeners = this.hostListeners.get(name);
    if (!listeners) {
      listeners = new Set();
      this.hostListeners.set(name, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.hostListeners.delete(name);
    };
  };

  /**
   * One part of the snapshot sent on every connect. The parts are gathered and the fleet replaced
   * when the last arrives; before the first snapshot, the first part is shown at once (as rows,
   * not yet as counts: the fleet counts as loaded with the whole of it).
   */
  applySnapshotPart(part: SnapshotPart): void {
    const views = part.first ? part.hosts : (this.incoming ?? []).concat(part.hosts);
    this.incoming = part.last ? null : views;
    if (part.last) {
      this.applySnapshot(views);
    } else if (!this.loaded) {
      this.replaceHosts(views);
      this.notifyFleet();
    }
  }

  /** Replaces the whole fleet; hosts that did not change keep their object. */
  applySnapshot(views: readonly HostView[]): void {
    const changed = this.replaceHosts(views);
    this.loaded = true;
    for (const name of changed) this.notifyHost(name);
    this.notifyFleet();
  }

  /** Makes `views` the fleet; returns the names of the hosts that changed, came or went. */
  private replaceHosts(views: readonly HostView[]): Set<string> {
    const previous = this.hosts;
    const next = new Map<string, HostView>();
    const changed = new Set<string>();
    for (const view of views) {
      const before = previous.get(view.name);
      if (before && sameHost(before, view)) {
        next.set(view.name, before);
      } else {
        next.set(view.name, view);
        changed.add(view.name);
      }
    }
    for (const name of previous.keys()) if (!next.has(name)) changed.add(name);

    const membershipChanged = next.size !== previous.size || [...next.keys()].some((name) => !previous.has(name));
    this.hosts = next;
    if (membershipChanged) this.names = [...next.keys()].sort(compareHostNames);
    this.listKeys = new Map([...next.values()].map((host) => [host.name, hostListKey(host)]));
    this.listVersion++;
    this.recountSummary();
    return changed;
  }

  /** Applies coalesced changes; a patch for an unknown host carries all its fields and adds it. */
  applyPatches(patches: readonly HostPatch[]): void {
    let listChanged = false;
    const added: string[] = [];
    for (const { name, changes } of patches) {
      const before = this.hosts.get(name);
      if (!before) {
        const host: HostView = { ...(changes as Omit<HostView, "name">), name, indicators: changes.indicators ?? [] };
        this.hosts.set(name, host);
        this.listKeys.set(name, hostListKey(host));
        added.push(name);
        listChanged = true;
        this.notifyHost(name);
        continue;
      }
      const changed = changedFields(before, changes);
      if (changed === null) continue;
      const after: HostView = { ...before, ...changed, name };
      this.hosts.set(name, after);
      const key = hostListKey(after);
      if (key !== this.listKeys.get(name)) {
        this.listKeys.set(name, key);
        listChanged = true;
      }
      this.notifyHost(name);
    }
    if (added.length > 0) this.names = insertSorted(this.names, added);
    if (listChanged) {
      this.listVersion++;
      this.recountSummary();
      this.notifyFleet();
    }
  }

  removeHost(name: string): void {
    if (!this.hosts.delete(name)) return;
    this.listKeys.delete(name);
    this.names = this.names.filter((other) => other !== name);
    this.listVersion++;
    this.recountSummary();
    this.notifyHost(name);
    this.notifyFleet();
  }

  setConnection(state: ConnectionState): void {
    if (state === this.connection) return;
    this.connection = state;
    this.notifyFleet();
  }

  setHealth(health: DashboardHealth): void {
    if (this.health && this.health.store === health.store && this.health.peersUnheard === health.peersUnheard) return;
    this.health = health;
    this.notifyFleet();
  }

  setTarget(state: FleetTargetState): void {
    if (this.target && JSON.stringify(this.target) === JSON.stringify(state)) return;
    this.target = state;
    this.notifyFleet();
  }

  private recountSummary(): void {
    let online = 0;
    let attention = 0;
    let busy = 0;
    let behind = 0;
    for (const host of this.hosts.values()) {
      if (host.online) online++;
      if (needsAttention(host)) attention++;
      if (isBusy(host)) busy++;
      if (isBehind(host)) behind++;
    }
    const total = this.hosts.size;
    const next: FleetSummary = { total, online, offline: total - online, attention, busy, behind };
    if (sameSummary(this.summary, next)) return;
    this.summary = next;
  }

  private notifyHost(name: string): void {
    const listeners = this.hostListeners.get(name);
    if (listeners) for (const listener of [...listeners]) listener();
  }

  private notifyFleet(): void {
    for (const listener of [...this.fleetListeners]) listener();
  }
}

function sameSummary(a: FleetSummary, b: FleetSummary): boolean {
  return (
    a.total === b.total && a.online === b.online && a.attention === b.attention && a.busy === b.busy && a.behind === b.behind
  );
}

function sameHost(a: HostView, b: HostView): boolean {
  const keys = Object.keys(b) as (keyof HostView)[];
  if (keys.length !== Object.keys(a).length) return false;
  return keys.every((key) => sameValue(a[key], b[key]));
}

function insertSorted(names: readonly string[], added: readonly string[]): readonly string[] {
  if (added.length > 8) return [...names, ...added].sort(compareHostNames);
  const next = [...names];
  for (const name of added) {
    let low = 0;
    let high = next.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareHostNames(next[mid]!, name) < 0) low = mid + 1;
      else high = mid;
    }
    next.splice(low, 0, name);
  }
  return next;
}
