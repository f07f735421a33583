import type { CommandSummary, HostView, IndicatorColor } from "@/lib/protocol/browser";
import { busyWith } from "@/lib/protocol/command-availability";
import { isFinalState, type ActiveCommandState, type CommandType } from "@/lib/protocol/constants";

/** What a host is doing now, from the dashboard's record and what the agent reports. */
export interface HostActivity {
  commandId: string;
  type: CommandType;
  state: ActiveCommandState;
  /** When the dashboard created the command, when it knows; the running time counts from here. */
  since: number | null;
  /** The dashboard's record of the command, when it has one. */
  command: CommandSummary | null;
}

/** The command that keeps a host busy (the rule the dashboard refuses requests by), or null. */
export function currentActivity(host: Pick<HostView, "runningCommand" | "lastCommand">): HostActivity | null {
  const busy = busyWith(host);
  if (!busy) return null;
  const last = host.lastCommand;
  const record = last && last.id === busy.id ? last : null;
  const state = record && !isFinalState(record.state) ? record.state : "running";
  return { commandId: busy.id, type: busy.type, state, since: record?.createdAt ?? null, command: record };
}

export function isBusy(host: Pick<HostView, "runningCommand" | "lastCommand">): boolean {
  return currentActivity(host) !== null;
}

/** The worst indicator colour of a host: red before yellow before the rest. */
export function worstIndicatorColor(host: Pick<HostView, "indicators">): IndicatorColor | null {
  let worst: IndicatorColor | null = null;
  for (const { color } of host.indicators ?? []) {
    if (color === "red") return "red";
    if (color === "yellow") worst = "yellow";
    else if (worst === null) worst = color;
  }
  return worst;
}

/** The G indicator says the host's HEAD differs from the fleet target. */
export function isBehind(host: Pick<HostView, "indicators">): boolean {
  return (host.indicators ?? []).some((indicator) => indicator.letter === "G" && indicator.color === "yellow");
}

/** "Needs attention": any indicator yellow or red. */
export function needsAttention(host: Pick<HostView, "indicators">): boolean {
  const worst = worstIndicatorColor(host);
  return worst === "red" || worst === "yellow";
}

/**
 * A host's place when the table is sorted by status, most urgent first: a problem (red), then
 * attention (yellow), offline, busy, and fine.
 */
export type HostStatusClass = "problem" | "attention" | "offline" | "busy" | "ok";
export const STATUS_ORDER: readonly HostStatusClass[] = ["problem", "attention", "offline", "busy", "ok"];

export function classifyHost(host: Pick<HostView, "online" | "indicators" | "runningCommand" | "lastCommand">): HostStatusClass {
  const worst = worstIndicatorColor(host);
  if (worst === "red") return "problem";
  if (worst === "yellow") return "attention";
  if (!host.online) return "offline";
  if (isBusy(host)) return "busy";
  return "ok";
}
