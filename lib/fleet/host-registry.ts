import { rolledBackAfter } from "./rolled-back";
import { registeredPlatform, type HostStatus, type RegisterMessage } from "../protocol/agent";
import type { CommandSummary, HostPatch, HostView, TestRunSummary } from "../protocol/browser";
import { changedFields, sameValue } from "../protocol/host-patch";
import { HOST_VIEW_FIELDS } from "../protocol/cluster";
import type { PreviewSummary } from "../protocol/preview";
import { HOST_COLUMNS } from "../store/hosts";
import { isFinalState } from "../protocol/constants";
import { computeIndicators, type IndicatorContext } from "./indicators";

export const DEFAULT_INDICATOR_CONTEXT: IndicatorContext = {
  target: null,
  dashboardVersion: "0.0.0",
  now: 0,
  lockGreenDays: 7,
  lockYellowDays: 30,
};

type Changes = HostPatch["changes"];

/** What every heartbeat changes; written to the store less often than real changes. */
const HEARTBEAT_FIELDS: ReadonlySet<string> = new Set(["lastSeenAt", "uptimeSeconds"]);

/**
 * Fields that are live state only, not columns of the Host row: a change of only these needs no
 * write. A bulk run changes the last command of thousands of hosts, and a new fleet target the
 * indicators of all of them.
 */
const UNSTORED_FIELDS: ReadonlySet<string> = new Set(
  HOST_VIEW_FIELDS.filter((field) => !(HOST_COLUMNS as readonly string[]).includes(field)),
);

/** Everything a host's indicators are computed from (besides the context). */
const INDICATOR_INPUTS = [
  "headCommit", "lockHash", "lockModifiedAt", "currentSystem", "desiredSystem", "desiredSystemEvaluating",
  "desiredSystemError", "agentVersion", "runningCommand", "lastTest", "lastCommand", "rolledBack",
] as const satisfies readonly (keyof Parameters<typeof computeIndicators>[0])[];
// Fails to compile when computeIndicators starts reading a field that is not listed above.
type UnlistedInput = Exclude<keyof Parameters<typeof computeIndicators>[0], (typeof INDICATOR_INPUTS)[number]>;
const everyInputListed: [UnlistedInput] extends [never] ? true : never = true;
void everyInputListed;

/**
 * The command the agent reports running, unless the dashboard has already stored its end: a
 * heartbeat taken just before the result still names it, and the host would look busy (and its
 * T indicator "running") until the next one.
 */
function stillRunning(reported: HostStatus["runningCommand"], lastCommand: CommandSummary | null): HostView["runningCommand"] {
  return reported && lastCommand?.id === reported.id && isFinalState(lastCommand.state) ? null : reported;
}

function statusFields(status: HostStatus, lastCommand: CommandSummary | null): Pick<HostView, keyof HostStatus> {
  return {
    headCommit: status.headCommit,
    lockHash: status.lockHash,
    lockModifiedAt: status.lockModifiedAt === null ? null : status.lockModifiedAt * 1000,
    currentSystem: status.currentSystem,
    desiredSystem: status.desiredSystem,
    uptimeSeconds: status.uptimeSeconds,
    runningCommand: stillRunning(status.runningCommand, lastCommand),
    desiredSystemEvaluating: status.desiredSystemEvaluating,
    desiredSystemError: status.desiredSystemError,
  };
}

/**
 * The fleet's live state, in memory. Heartbeats change it here and nowhere else; what changed is
 * collected twice: as patches for browsers (sent every few hundred milliseconds) and as dirty
 * hosts for the store (written in batches every few seconds), so thousands of heartbeats cost
 * neither a database write nor a full-list broadcast each.
 */
export class HostRegistry {
  private readonly hosts = new Map<string, HostView>();
  private readonly pendingPatches = new Map<string, Changes>();
  private readonly dirty = new Set<string>();
  /** Hosts whose only change since the last write is the clock of a heartbeat. */
  private readonly touched = new Set<string>();

  constructor(private context: IndicatorContext = DEFAULT_INDICATOR_CONTEXT) {}

  load(views: Iterable<HostView>): void {
    for (const view of views) {
      const loaded = { ...view, online: false };
      this.hosts.set(view.name, { ...loaded, indicators: computeIndicators(loaded, this.context) });
    }
  }

  /** New fleet target, version or clock: every host's indicators are computed again. */
  setIndicatorContext(context: IndicatorContext): void {
    this.context = context;
    for (const [name, view] of this.hosts) this.apply(name, view, view, true);
  }

  get(name: string): HostView | undefined {
    return this.hosts.get(name);
  }

  get size(): number {
    return this.hosts.size;
  }

  snapshot(): HostView[] {
    return [...this.hosts.values()];
  }

  /** Records a registration; returns true when the host was not known before. */
  register(message: RegisterMessage, now: number): boolean {
    const existing = this.hosts.get(message.hostname);
    const next: HostView = {
      name: message.hostname,
      platform: registeredPlatform(message),
      osVersion: message.osVersion,
      nixpkgsVersion: message.nixpkgsVersion,
      agentVersion: message.agentVersion,
      location: message.location,
      deviceType: message.deviceType,
      themeColor: message.themeColor,
      repoUrl: message.repoUrl,
      repoUrlSource: message.repoUrlSource ?? null,
      tags: message.tags ?? [],
      online: true,
      lastSeenAt: now,
      ...statusFields(message.status, existing?.lastCommand ?? null),
      lastCommand: existing?.lastCommand ?? null,
      lastTest: existing?.lastTest ?? null,
      lastPreview: existing?.lastPreview ?? null,
      rolledBack: existing?.rolledBack ?? null,
      clockSkewMs: existing?.clockSkewMs ?? null,
      indicators: [],
    };
    // A registration always says `online`, even when it did not change: with replicas, it tells
    // the others that this one now holds the agent.
    this.apply(next.name, existing, next, false, true);
    return existing === undefined;
  }

  heartbeat(name: string, status: HostStatus, now: number): void {
    const existing = this.hosts.get(name);
    if (!existing) return;
    this.apply(name, existing, { ...existing, ...statusFields(status, existing.lastCommand), online: true, lastSeenAt: now });
  }

  setLastCommand(name: string, command: CommandSummary): void {
    const existing = this.hosts.get(name);
    if (existing) {
      this.apply(name, existing, {
        ...existing,
        lastCommand: command,
        runningCommand: stillRunning(existing.runningCommand, command),
        rolledBack: rolledBackAfter(existing.rolledBack, command),
      });
    }
  }

  setLastTest(name: string, test: TestRunSummary): void {
    const existing = this.hosts.get(name);
    if (existing) this.apply(name, existing, { ...existing, lastTest: test });
  }

  setLastPreview(name: string, preview: PreviewSummary): void {
    const existing = this.hosts.get(name);
    if (existing) this.apply(name, existing, { ...existing, lastPreview: preview });
  }

  setClockSkew(name: string, clockSkewMs: number): void {
    const existing = this.hosts.get(name);
    if (existing && existing.clockSkewMs !== clockSkewMs) this.apply(name, existing, { ...existing, clockSkewMs });
  }

  disconnect(name: string, now: number): void {
    const existing = this.hosts.get(name);
    if (!existing || !existing.online) return;
    this.apply(name, existing, { ...existing, online: false, lastSeenAt: now });
  }

  /**
   * Changes made by a peer replica, which holds the host's agent and writes its row: they reach this
   * replica's browsers but are never written from here. A host not known yet needs every field.
   */
  applyPeerChanges(name: string, changes: Changes): boolean {
    const existing = this.hosts.get(name);
    if (!existing && !isCompleteView(changes)) return false;
    const after = { ...existing, ...changes, name } as HostView;
    this.hosts.set(name, after);
    const changed = existing ? diff(existing, after) : withoutName(after);
    if (Object.keys(changed).length > 0) this.pendingPatches.set(name, { ...this.pendingPatches.get(name), ...changed });
    return true;
  }

  /** The host's every field, as a patch that makes it known to a registry that never saw it. */
  fullPatch(name: string): HostPatch | undefined {
    const view = this.hosts.get(name);
    return view && { name, changes: withoutName(view) };
  }

  remove(name: string): boolean {
    this.pendingPatches.delete(name);
    this.dirty.delete(name);
    this.touched.delete(name);
    return this.hosts.delete(name);
  }

  /** Changes since the last call, one patch per host (a new host's patch holds all its fields). */
  takePatches(): HostPatch[] {
    const patches = [...this.pendingPatches].map(([name, changes]) => ({ name, changes }));
    this.pendingPatches.clear();
    return patches;
  }

  /** Hosts whose stored row is out of date; with `includeHeartbeats`, also those that only heartbeated. */
  takeDirty(includeHeartbeats = true): HostView[] {
    const names = includeHeartbeats ? new Set([...this.dirty, ...this.touched]) : this.dirty;
    const views = [...names].flatMap((name) => this.hosts.get(name) ?? []);
    for (const name of names) this.touched.delete(name);
    this.dirty.clear();
    return views;
  }

  /**
   * Hosts whose only change since their last write is the clock of a heartbeat (and that are not
   * dirty otherwise): they need just their last seen time and uptime written.
   */
  takeHeartbeatOnly(): HostView[] {
    const views = [...this.touched].flatMap((name) => (this.dirty.has(name) ? [] : (this.hosts.get(name) ?? [])));
    for (const view of views) this.touched.delete(view.name);
    return views;
  }

  /** Puts hosts back in the next batch, after a write that failed. */
  markDirty(names: readonly string[]): void {
    for (const name of names) if (this.hosts.has(name)) this.dirty.add(name);
  }

  /**
   * Makes `next` the host's state and records what changed. Indicators are computed again only when
   * one of their inputs changed (or `recompute`, for a new context): most heartbeats change nothing
   * but the clock, and they arrive hundreds of times a second.
   */
  private apply(name: string, before: HostView | undefined, next: HostView, recompute = false, sayOnline = false): void {
    const indicators = !recompute && before && sameIndicatorInputs(before, next) ? before.indicators : computeIndicators(next, this.context);
    const after = { ...next, indicators };
    this.hosts.set(name, after);
    const changes = before ? diff(before, after) : withoutName(after);
    if (sayOnline) changes.online = after.online;
    if (Object.keys(changes).length === 0) return;
    this.pendingPatches.set(name, { ...this.pendingPatches.get(name), ...changes });
    const keys = Object.keys(changes).filter((key) => !UNSTORED_FIELDS.has(key));
    if (keys.length === 0) return;
    if (keys.every((key) => HEARTBEAT_FIELDS.has(key))) this.touched.add(name);
    else this.dirty.add(name);
  }
}

function isCompleteView(changes: Changes): boolean {
  return HOST_VIEW_FIELDS.every((field) => field in changes);
}

function withoutName(view: HostView): Changes {
  const { name: _name, ...rest } = view;
  return rest;
}

function diff(before: HostView, after: HostView): Changes {
  return changedFields(before, withoutName(after)) ?? {};
}

function sameIndicatorInputs(before: HostView, next: HostView): boolean {
  return INDICATOR_INPUTS.every((key) => sameValue(before[key], next[key]));
}
