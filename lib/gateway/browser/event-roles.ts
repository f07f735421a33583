import { roleRefusal, type Role } from "../../auth/roles";
import type { BrowserToServerEvents } from "../../protocol/browser";

/** An event's least role, and what it does in words for the refusal ("viewers cannot run commands"). */
interface EventAccess {
  role: Role;
  action: string;
}

/**
 * The least role of every event a browser sends: a map that lacks an event does not compile, and
 * the event-roles test fails on an event that changes something below the operator role.
 */
export const BROWSER_EVENT_ROLES: { readonly [E in keyof BrowserToServerEvents]-?: EventAccess } = {
  "command:request": { role: "operator", action: "run commands" },
  "command:stop": { role: "operator", action: "stop commands" },
  "bulk:request": { role: "operator", action: "run commands" },
  "target:refresh": { role: "operator", action: "refresh the fleet target" },
  "command:watch": { role: "viewer", action: "watch command output" },
  "command:unwatch": { role: "viewer", action: "stop watching command output" },
};

/**
 * Why a user of `role` may not send `event`, or null when they may. An event this version does not
 * know is not refused here (the message handlers refuse it as unknown).
 */
export function eventRefusal(event: string, role: Role): string | null {
  const access = (BROWSER_EVENT_ROLES as Record<string, EventAccess | undefined>)[event];
  return access ? roleRefusal(role, access.role, access.action) : null;
}
