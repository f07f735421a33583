import type { HostView } from "../protocol/browser";
import { commandAvailability } from "../protocol/command-availability";
import { isFinalState, type CommandState, type CommandType } from "../protocol/constants";

/** What can happen to a command after the dashboard created it. */
export type CommandEvent =
  | { kind: "accepted" }
  | { kind: "refused" }
  | { kind: "agent-disconnected" }
  | { kind: "agent-reports-running" }
  | { kind: "result"; state: "succeeded" | "failed" | "cancelled" }
  | { kind: "lost" };

/**
 * The command state machine. Returns the next state, or null when the event does not apply
 * (a final command never changes again, whatever arrives late).
 */
export function nextCommandState(state: CommandState, event: CommandEvent): CommandState | null {
  if (isFinalState(state)) return null;
  switch (event.kind) {
    case "accepted":
      return state === "queued" ? "running" : null;
    case "refused":
      return state === "queued" ? "failed" : null;
    case "agent-disconnected":
      return "awaiting-reconnect";
    case "agent-reports-running":
      return state === "awaiting-reconnect" ? "running" : null;
    case "result":
      return event.state;
    case "lost":
      return state === "awaiting-reconnect" || state === "queued" ? "lost" : null;
  }
}

export type RequestCheck = { ok: true } | { ok: false; reason: string };

/** Whether a host can take a new command now, and why not (the reason a refused request answers with). */
export function checkCommandRequest(host: HostView | undefined, type: CommandType | "stop"): RequestCheck {
  if (!host) return { ok: false, reason: "unknown host" };
  const availability = commandAvailability(host, type);
  if (availability.ok) return availability;
  switch (availability.why) {
    case "offline":
      return { ok: false, reason: `${host.name} is offline` };
    case "idle":
      return { ok: false, reason: "nothing is running" };
    case "busy":
      return { ok: false, reason: `busy: ${availability.running.type} is running` };
  }
}
