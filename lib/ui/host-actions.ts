import type { HostView } from "@/lib/protocol/browser";
import { commandAvailability } from "@/lib/protocol/command-availability";
import type { CommandType } from "@/lib/protocol/constants";
import { commandTypeLabel, commandTypeWords } from "./command-labels";

export type HostAction = CommandType | "stop";

export interface HostActionInfo {
  action: HostAction;
  /** The button's words and accessible name: "Pull", "Switch", "Pull + Switch", "Test", "Stop". */
  label: string;
  /** What the button does, for its tooltip while it is enabled. */
  hint: string;
}

export const HOST_ACTIONS: readonly HostActionInfo[] = [
  { action: "pull", label: commandTypeLabel("pull"), hint: "Pull the configuration repository" },
  { action: "switch", label: commandTypeLabel("switch"), hint: "Build and switch to the configuration" },
  { action: "pull-switch", label: commandTypeLabel("pull-switch"), hint: "Pull, then switch if the pull succeeded" },
  { action: "test", label: commandTypeLabel("test"), hint: "Run the host's tests (hosts/<host>/tests/T*.sh)" },
  { action: "preview", label: commandTypeLabel("preview"), hint: "Build the configuration without activating it, and show what a switch would change" },
  { action: "stop", label: "Stop", hint: "Stop the running command" },
];

export type ActionAvailability = { enabled: true; reason: null } | { enabled: false; reason: string };

/** Whether an action can run on the host now, and if not, why (shown on the disabled button). */
export function actionAvailability(
  host: Pick<HostView, "online" | "runningCommand" | "lastCommand">,
  action: HostAction,
): ActionAvailability {
  const availability = commandAvailability(host, action);
  if (availability.ok) return { enabled: true, reason: null };
  switch (availability.why) {
    case "offline":
      return { enabled: false, reason: "Offline: the agent is not connected" };
    case "idle":
      return { enabled: false, reason: "Nothing is running" };
    case "busy":
      return { enabled: false, reason: `Busy: ${commandTypeWords(availability.running.type)} is running` };
  }
}
