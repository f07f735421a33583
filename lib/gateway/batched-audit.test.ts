import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../store/audit";
import { BatchedAudit } from "./batched-audit";

const entry = (target: string): AuditEntry => ({ actor: `agent:${target}`, action: "token.bootstrap", target });

describe("BatchedAudit", () => {
  it("writes entries recorded close together with one insert, in order, and resolves each once stored", async () => {
    const writes: string[][] = [];
    const audit = new BatchedAudit(async (entries) => void writes.push(entries.map((e) => e.target ?? "")), 5);
    await Promise.all(["a", "b", "c"].map((name) => audit.record(entry(name))));
    expect(writes).toEqual([["a", "b", "c"]]);
  });

  it("writes at once when a batch is full", async () => {
    const writes: number[] = [];
    const audit = new BatchedAudit(async (entries) => void writes.push(entries.length), 10_000, 2);
    await Promise.all(["a", "b", "c", "d"].map((name) => audit.record(entry(name))));
    expect(writes).toEqual([2, 2]);
  });

  it("fails every entry of a batch whose write failed", async () => {
    const audit = new BatchedAudit(() => Promise.reject(new Error("disk full")), 1);
    const results = await Promise.allSettled([audit.record(entry("a")), audit.record(entry("b"))]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });
});
