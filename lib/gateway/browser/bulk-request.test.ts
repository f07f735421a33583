import { describe, expect, it } from "vitest";
import type { BulkRequest } from "../../fleet/bulk-runs";
import type { BulkRunView } from "../../protocol/browser";
import { handleBulkRequest } from "./bulk-request";

describe("handleBulkRequest", () => {
  it("starts the run in the user's name from their address and answers with it", async () => {
    const started: BulkRequest[] = [];
    const run: BulkRunView = {
      id: crypto.randomUUID(), type: "pull", requestedBy: "admin", startedAt: 1, finishedAt: null, hosts: [],
      counts: { running: 0, succeeded: 0, failed: 0, skipped: 0 },
    };
    const bulk = { start: async (request: BulkRequest) => (started.push(request), run) };
    const reply = await handleBulkRequest({ user: "admin", ip: "10.0.0.9", bulk }, { hosts: ["web-1", "web-2"], type: "pull" });
    expect(reply).toEqual({ ok: true, run });
    expect(started).toEqual([{ hosts: ["web-1", "web-2"], type: "pull", requestedBy: "admin", sourceIp: "10.0.0.9" }]);
  });
});
