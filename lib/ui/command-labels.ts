import type { CommandSummary } from "@/lib/protocol/browser";
import { isFinalState, type CommandState, type CommandType } from "@/lib/protocol/constants";

/** Button and heading words for each command type. */
const TYPE_LABELS: Record<CommandType, string> = {
  pull: "Pull",
  switch: "Switch",
  "pull-switch": "Pull + Switch",
  test: "Test",
  preview: "Preview",
  rollback: "Roll back",
};

/** "Pull + Switch": the words on the action's button (its accessible name). */
export function commandTypeLabel(type: CommandType): string {
  return TYPE_LABELS[type] ?? type;
}

/** "pull + switch": the command inside a sentence ("Run pull + switch on 3 hosts?"). */
export function commandTypeWords(type: CommandType): string {
  return commandTypeLabel(type).toLowerCase();
}

const STATE_WORDS: Record<CommandState, string> = {
  queued: "queued",
  running: "running",
  "awaiting-reconnect": "awaiting reconnect",
  succeeded: "succeeded",
  failed: "failed",
  cancelled: "cancelled",
  lost: "lost",
  "rolled-back": "rolled back",
};

export function commandStateWords(state: CommandState): string {
  return STATE_WORDS[state] ?? state;
}

/** The colour family of a command state, for badges: always shown with the state's words. */
export type CommandTone = "info" | "warning" | "success" | "danger" | "muted";

export function commandStateTone(state: CommandState): CommandTone {
  switch (state) {
    case "queued":
    case "running":
      return "info";
    case "awaiting-reconnect":
      return "warning";
    case "succeeded":
      return "success";
    case "failed":
    case "lost":
    case "rolled-back":
      return "danger";
    case "cancelled":
      return "muted";
  }
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** "850 ms", "12 s", "3 min 4 s", "1 h 2 min": a duration in at most two units. */
export function formatDuration(ms: number): string {
  const value = Math.max(0, Math.round(ms));
  if (value < SECOND) return `${value} ms`;
  if (value < MINUTE) return `${Math.floor(value / SECOND)} s`;
  if (value < HOUR) {
    const seconds = Math.floor((value % MINUTE) / SECOND);
    return `${Math.floor(value / MINUTE)} min${seconds ? ` ${seconds} s` : ""}`;
  }
  const minutes = Math.floor((value % HOUR) / MINUTE);
  return `${Math.floor(value / HOUR)} h${minutes ? ` ${minutes} min` : ""}`;
}

/**
 * "12 s", "3 min", "1 h 5 min": a running time that changes at most once a minute after the first
 * minute, for labels that a thousand rows may show at once.
 */
export function formatElapsedCoarse(ms: number): string {
  const value = Math.max(0, ms);
  if (value < MINUTE) return `${Math.floor(value / SECOND)} s`;
  if (value < HOUR) return `${Math.floor(value / MINUTE)} min`;
  return formatDuration(Math.floor(value / MINUTE) * MINUTE);
}

/** How a finished command ended, in a few words: "failed (exit 3)", "succeeded in 12 s". */
export function commandResultWords(command: Pick<CommandSummary, "state" | "exitCode" | "durationMs">): string {
  const state = commandStateWords(command.state);
  if (command.state === "failed" && command.exitCode !== null) return `${state} (exit ${command.exitCode})`;
  if (command.state === "succeeded" && command.durationMs !== null) return `${state} in ${formatDuration(command.durationMs)}`;
  return state;
}

/**
 * A command as one line of a row: "switch · running 12 s", "switch · awaiting reconnect",
 * "switch failed (exit 3)". `now` makes the running time tick.
 */
export function commandProgressText(
  command: Pick<CommandSummary, "type" | "state" | "exitCode" | "durationMs" | "createdAt">,
  now: number,
  options: { coarse?: boolean } = {},
): string {
  const type = commandTypeWords(command.type);
  if (command.state === "running") {
    const elapsed = Math.max(0, now - command.createdAt);
    return `${type} · running ${options.coarse ? formatElapsedCoarse(elapsed) : formatDuration(elapsed)}`;
  }
  if (!isFinalState(command.state)) return `${type} · ${commandStateWords(command.state)}`;
  return `${type} ${commandResultWords(command)}`;
}

/** "3 d 4 h", "5 h 12 min", "42 min": how long a host has been up. */
export function formatUptime(seconds: number): string {
  const value = Math.max(0, Math.floor(seconds));
  const days = Math.floor(value / 86_400);
  const hours = Math.floor((value % 86_400) / 3_600);
  const minutes = Math.floor((value % 3_600) / 60);
  if (days > 0) return `${days} d${hours ? ` ${hours} h` : ""}`;
  if (hours > 0) return `${hours} h${minutes ? ` ${minutes} min` : ""}`;
  if (minutes > 0) return `${minutes} min`;
  return `${value} s`;
}
