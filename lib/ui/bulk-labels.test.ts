import { describe, expect, it } from "vitest";
import { bulkConfirmLabel, bulkConfirmTitle, bulkHostStateWords, bulkProgress, bulkSummaryText } from "./bulk-labels";

describe("bulk labels", () => {
  it("names the count in the confirmation", () => {
    expect(bulkConfirmTitle("switch", 3)).toBe("Run switch on 3 hosts?");
    expect(bulkConfirmTitle("pull-switch", 1)).toBe("Run pull + switch on 1 host?");
    expect(bulkConfirmLabel("test")).toBe("Run test");
  });

  it("summarises succeeded, failed and skipped, and running while some are", () => {
    expect(bulkSummaryText({ running: 0, succeeded: 3, failed: 0, skipped: 0 })).toBe("3 succeeded · 0 failed · 0 skipped");
    expect(bulkSummaryText({ running: 2, succeeded: 1, failed: 0, skipped: 1 })).toBe("2 running · 1 succeeded · 0 failed · 1 skipped");
  });

  it("counts ended and skipped hosts as done", () => {
    const hosts = Array.from({ length: 4 }, (_, i) => ({ name: `h${i}`, state: "running" as const, reason: null, commandId: null }));
    expect(bulkProgress({ hosts, counts: { running: 1, succeeded: 1, failed: 1, skipped: 1 } })).toEqual({ done: 3, total: 4 });
  });

  it("says why a host was skipped", () => {
    expect(bulkHostStateWords({ name: "a", state: "skipped", reason: "offline", commandId: null })).toBe("skipped: offline");
    expect(bulkHostStateWords({ name: "a", state: "awaiting-reconnect", reason: null, commandId: "x" })).toBe("awaiting reconnect");
  });
});
