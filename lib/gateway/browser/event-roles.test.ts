import { describe, expect, it } from "vitest";
import { CHANGE_ROLE, hasRole } from "../../auth/roles";
import { browserMessageSchemas } from "../../protocol/browser";
import { BROWSER_EVENT_ROLES, eventRefusal } from "./event-roles";

/** The events that only read (watching output): everything else a browser sends changes the fleet. */
const READ_EVENTS = new Set(["command:watch", "command:unwatch"]);

describe("the role of every browser event", () => {
  it("names a role for each event the dashboard takes, and no other", () => {
    expect(Object.keys(BROWSER_EVENT_ROLES).sort()).toEqual(Object.keys(browserMessageSchemas).sort());
  });

  it("needs at least the operator role for every event that is not a read", () => {
    const tooLow = Object.entries(BROWSER_EVENT_ROLES)
      .filter(([event, access]) => !READ_EVENTS.has(event) && !hasRole(access.role, CHANGE_ROLE))
      .map(([event]) => event);
    expect(tooLow).toEqual([]);
  });

  it("refuses a viewer's command with the reason, and lets an operator and an admin send it", () => {
    expect(eventRefusal("command:request", "viewer")).toBe("viewers cannot run commands");
    expect(eventRefusal("bulk:request", "viewer")).toBe("viewers cannot run commands");
    expect(eventRefusal("command:stop", "viewer")).toBe("viewers cannot stop commands");
    expect(eventRefusal("target:refresh", "viewer")).toBe("viewers cannot refresh the fleet target");
    expect(eventRefusal("command:request", "operator")).toBeNull();
    expect(eventRefusal("command:request", "admin")).toBeNull();
    expect(eventRefusal("command:watch", "viewer")).toBeNull();
  });
});
