import type { HostView } from "../protocol/browser";
import { commandAvailability } from "../protocol/command-availability";
import type { AgentResultState } from "../protocol/agent";
import { isFinalState, type CommandState, type CommandType } from "../protocol/constants";

/** What can happen to a command after the dashboard created it. */
export type CommandEvent =
  | { kind: "accepted" }
  | { kind: "refused" }
  | { kind: "agent-disconnected" }
  | { kind: "agent-reports-running" }
  | { kind: "result"; state: AgentResultState }
  | { kind: "lost" };

/**
 * The command state machine. Returns the next state, or null when the event does not apply.
 * A command that ended with its result never changes again, whatever arrives late. `lost` is the
 * dashboard's guess, not the agent's word: the agent's result replaces it, and an agent that comes
 * back still running the command reopens it.
 */
export function nextCommandState(state: CommandState, event: CommandEvent): CommandState | null {
  if (state === "lost") {
    if (event.kind === "result") return event.state;
    return event.kind === "agent-reports-running" ? "running" : null;
  }
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
