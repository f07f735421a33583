import type { HostView } from "./browser";
import { isFinalState, type CommandType } from "./constants";

/**
 * Whether a host can take a command now: one rule for the dashboard, which refuses a request, and
 * the page, which disables the button (each says why in its own words). Free of zod, like
 * constants.ts, so the page can import it.
 */

type HostCommands = Pick<HostView, "runningCommand" | "lastCommand">;

/** The command that keeps a host busy: the one its agent reports running, else its latest command while that has not ended. */
export function busyWith(host: HostCommands): { id: string; type: CommandType } | null {
  return host.runningCommand ?? (host.lastCommand && !isFinalState(host.lastCommand.state) ? host.lastCommand : null);
}

export type CommandAvailability =
  | { ok: true }
  | { ok: false; why: "offline" }
  | { ok: false; why: "idle" }
  | { ok: false; why: "busy"; running: { id: string; type: CommandType } };

/** Whether `action` can start on the host now: a command needs an online, idle host; a stop, a busy one. */
export function commandAvailability(host: HostCommands & Pick<HostView, "online">, action: CommandType | "stop"): CommandAvailability {
  if (!host.online) return { ok: false, why: "offline" };
  const running = busyWith(host);
  if (action === "stop") return running ? { ok: true } : { ok: false, why: "idle" };
  return running ? { ok: false, why: "busy", running } : { ok: true };
}
