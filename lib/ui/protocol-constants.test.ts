import { describe, expect, it } from "vitest";
import * as agent from "@/lib/protocol/agent";
import * as browser from "@/lib/protocol/browser";
import { BROWSER_NAMESPACE, COMMAND_TYPES } from "./protocol-constants";

describe("protocol constants for the browser", () => {
  it("match the protocol's own values", () => {
    expect(BROWSER_NAMESPACE).toBe(browser.BROWSER_NAMESPACE);
    expect(COMMAND_TYPES).toEqual(agent.COMMAND_TYPES);
  });
});
