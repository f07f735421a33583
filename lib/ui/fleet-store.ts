import type { HostPatch, HostView } from "@/lib/protocol/browser";

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
}

type Listener = () => void;

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** Host names in the order the table shows them: natural order, so web-2 comes before web-10. */
export function compareHostNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The fleet as the browser knows it, fed by the socket (snapshot, patches, removals) and read by
 * React through `useSyncExternalStore`.
 *
 * Built so one heartbeat costs one row: a patch replaces only its host's object and wakes only
 * that host's listeners; the sorted name list and the summary are new objects only when a host
 * appears or goes, or a host's online state flips. Everything else keeps its identity, so React
 * skips it.
 */
export class FleetStore {
  private hosts = new Map<string, HostView>();
  private names: readonly string[] = [];
  private summary: FleetSummary = { total: 0, online: 0, offline: 0 };
  private loaded = false;
  private connection: ConnectionState = "connecting";
  private readonly fleetListeners = new Set<Listener>();
  private readonly hostListeners = new Map<string, Set<Listener>>();

  // Getters are arrow properties so they can be handed to useSyncExternalStore as they are.
  getHost = (name: string): HostView | undefined => this.hosts.get(name);
  getNames = (): readonly string[] => this.names;
  getSummary = (): FleetSummary => this.summary;
  /** False until the first snapshot arrives: "no hosts" and "not loaded yet" look different. */
  isLoaded = (): boolean => this.loaded;
  getConnection = (): ConnectionState => this.connection;

  /** Listens for changes to the list, the summary, loading and the connection. */
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

  /** Replaces the whole fleet (sent on every connect); hosts that did not change keep their object. */
  applySnapshot(views: readonly HostView[]): void {
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
    this.recountSummary();
    this.loaded = true;

    for (const name of changed) this.notifyHost(name);
    this.notifyFleet();
  }

  /** Applies coalesced changes; a patch for an unknown host carries all its fields and adds it. */
  applyPatches(patches: readonly HostPatch[]): void {
    let fleetChanged = false;
    const added: string[] = [];
    for (const { name, changes } of patches) {
      const before = this.hosts.get(name);
      if (!before) {
        this.hosts.set(name, { ...(changes as Omit<HostView, "name">), name });
        added.push(name);
        fleetChanged = true;
        this.notifyHost(name);
        continue;
      }
      if (!hasChanges(before, changes)) continue;
      const after: HostView = { ...before, ...changes, name };
      this.hosts.set(name, after);
      if (before.online !== after.online) fleetChanged = true;
      this.notifyHost(name);
    }
    if (added.length > 0) this.names = insertSorted(this.names, added);
    if (fleetChanged) {
      this.recountSummary();
      this.notifyFleet();
    }
  }

  removeHost(name: string): void {
    if (!this.hosts.delete(name)) return;
    this.names = this.names.filter((other) => other !== name);
    this.recountSummary();
    this.notifyHost(name);
    this.notifyFleet();
  }

  setConnection(state: ConnectionState): void {
    if (state === this.connection) return;
    this.connection = state;
    this.notifyFleet();
  }

  private recountSummary(): void {
    let online = 0;
    for (const host of this.hosts.values()) if (host.online) online++;
    const total = this.hosts.size;
    const { summary } = this;
    if (summary.total === total && summary.online === online) return;
    this.summary = { total, online, offline: total - online };
  }

  private notifyHost(name: string): void {
    const listeners = this.hostListeners.get(name);
    if (listeners) for (const listener of [...listeners]) listener();
  }

  private notifyFleet(): void {
    for (const listener of [...this.fleetListeners]) listener();
  }
}

function hasChanges(host: HostView, changes: HostPatch["changes"]): boolean {
  for (const key of Object.keys(changes) as (keyof typeof changes)[]) {
    if (!sameValue(host[key], changes[key])) return true;
  }
  return false;
}

function sameHost(a: HostView, b: HostView): boolean {
  const keys = Object.keys(b) as (keyof HostView)[];
  if (keys.length !== Object.keys(a).length) return false;
  return keys.every((key) => sameValue(a[key], b[key]));
}

/** Field values are primitives or small plain objects (a running command); compare those by content. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a === "object" && typeof b === "object" && a !== null && b !== null) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return false;
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
