import { describe, expect, it } from "vitest";
import type { FleetTargetState } from "../../protocol/browser";
import { handleTargetRefresh } from "./target-refresh";

describe("handleTargetRefresh", () => {
  it("fetches the fleet target now and answers with the new state", async () => {
    const state: FleetTargetState = { configured: false, target: null, fetchedAt: null, staleReason: null, agentVersion: "9.9.9" };
    let fetched = 0;
    const reply = await handleTargetRefresh({ target: { refresh: async () => (fetched++, state) } });
    expect(reply).toEqual({ ok: true, state });
    expect(fetched).toBe(1);
  });
});
