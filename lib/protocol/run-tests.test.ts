import { describe, expect, it } from "vitest";
import { commandStartSchema } from "./api";
import { bulkRequestSchema, commandRequestSchema } from "./browser";
import { peerCommandRequestSchema } from "./cluster";
import { commandRunSchema, parseMessage } from "./index";

const id = "6f1d3a52-8d0c-4a8e-9a55-1f1f0b0c2d3e";

describe("runTests, the health gate's switch per command", () => {
  it("is optional: a switch without it keeps it absent (the agent reads absent as on)", () => {
    expect(parseMessage(commandRunSchema, { id, type: "switch" })).toEqual({ ok: true, value: { id, type: "switch" } });
    expect(parseMessage(commandRequestSchema, { host: "web-1", type: "pull-switch" })).toEqual({ ok: true, value: { host: "web-1", type: "pull-switch" } });
  });

  it("is carried by every request that reaches an agent: browser, bulk, API, replica and agent", () => {
    expect(commandRequestSchema.parse({ host: "web-1", type: "switch", runTests: false }).runTests).toBe(false);
    expect(bulkRequestSchema.parse({ hosts: ["web-1"], type: "pull-switch", runTests: false }).runTests).toBe(false);
    expect(commandStartSchema.parse({ type: "switch", runTests: true }).runTests).toBe(true);
    expect(peerCommandRequestSchema.parse({ host: "web-1", type: "switch", runTests: false, requestedBy: "admin" }).runTests).toBe(false);
    expect(commandRunSchema.parse({ id, type: "pull-switch", runTests: false }).runTests).toBe(false);
  });

  it("is refused on a command that does not switch, with the reason", () => {
    for (const [schema, message] of [
      [commandRequestSchema, { host: "web-1", type: "test", runTests: false }],
      [bulkRequestSchema, { hosts: ["web-1"], type: "pull", runTests: true }],
      [commandStartSchema, { type: "rollback", runTests: false }],
      [commandRunSchema, { id, type: "preview", runTests: false }],
    ] as const) {
      const parsed = parseMessage(schema, message);
      expect(parsed).toMatchObject({ ok: false });
      expect(parsed.ok ? "" : parsed.error).toMatch(/runTests is only for switch and pull-switch, not (test|pull|rollback|preview)/);
    }
  });

  it("must be a boolean", () => {
    expect(parseMessage(commandRequestSchema, { host: "web-1", type: "switch", runTests: "no" })).toMatchObject({ ok: false });
  });
});
