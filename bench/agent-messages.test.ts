import { describe, expect, it } from "vitest";
import { commandOutputSchema, heartbeatMessageSchema, registerMessageSchema } from "../lib/protocol/agent";
import { benchHostIndex, benchHostName, checkDownloadedOutput, heartbeatMessage, outputChunk, outputLine, parseOutputLine, registerMessage, simulatedHost } from "./agent-messages";

describe("simulated agent messages", () => {
  it("are accepted by the dashboard's own protocol schemas", () => {
    const host = simulatedHost("abc123", 9_999);
    expect(registerMessageSchema.safeParse(registerMessage(host, 1234)).success).toBe(true);
    expect(heartbeatMessageSchema.safeParse(heartbeatMessage(host, 98_765, { id: crypto.randomUUID(), type: "pull" })).success).toBe(true);
    const chunks = Array.from({ length: 500 }, (_, i) => outputChunk(i + 1, Date.now()));
    expect(commandOutputSchema.safeParse({ commandId: crypto.randomUUID(), chunks }).success).toBe(true);
  });

  it("weigh about what a real heartbeat weighs", () => {
    const size = JSON.stringify(heartbeatMessage(simulatedHost("abc123", 1), 1)).length;
    expect(size).toBeGreaterThan(300);
    expect(size).toBeLessThan(900);
  });

  it("name hosts so that the run's own hosts are recognised", () => {
    expect(benchHostIndex("abc123", benchHostName("abc123", 42))).toBe(42);
    expect(benchHostIndex("abc123", benchHostName("zzz999", 42))).toBe(-1);
  });

  it("carry their seq and print time in every output line", () => {
    expect(parseOutputLine(outputLine(17, 1_700_000_000_123))).toEqual({ seq: 17, printedAt: 1_700_000_000_123 });
    expect(parseOutputLine("something else")).toBeNull();
  });
});

describe("checking a downloaded output", () => {
  const text = (seqs: number[]) => seqs.map((seq) => outputLine(seq, 1)).join("\n") + "\n";

  it("finds nothing wrong with every line once, in order", () => {
    expect(checkDownloadedOutput(text([1, 2, 3]), 3)).toEqual({ lines: 3, missing: 0, misplaced: 0 });
  });

  it("counts missing and misplaced lines", () => {
    expect(checkDownloadedOutput(text([1, 3]), 3)).toEqual({ lines: 2, missing: 1, misplaced: 1 });
    expect(checkDownloadedOutput(text([2, 1, 3]), 3)).toEqual({ lines: 3, missing: 0, misplaced: 2 });
  });
});
