import { describe, expect, it } from "vitest";
import { AuditLog, type AuditEntry } from "./audit-log";

const entry = (target: string): AuditEntry => ({ actor: `agent:${target}`, action: "token.bootstrap", target });

describe("AuditLog", () => {
  it("writes entries recorded close together with one insert, in order, and resolves each once stored", async () => {
    const writes: string[][] = [];
    const audit = new AuditLog(async (entries) => void writes.push(entries.map((e) => e.target ?? "")), 5);
    await Promise.all(["a", "b", "c"].map((name) => audit.record(entry(name))));
    expect(writes).toEqual([["a", "b", "c"]]);
  });

  it("splits a storm of entries into inserts of at most 500", async () => {
    const writes: number[] = [];
    const audit = new AuditLog(async (entries) => void writes.push(entries.length), 50);
    await audit.recordMany(Array.from({ length: 1_200 }, (_, i) => entry(`h${i}`)));
    expect(writes).toEqual([500, 500, 200]);
  });

  it("fails every entry of a batch whose write failed, and the next one is written", async () => {
    let fail = true;
    const written: string[] = [];
    const audit = new AuditLog(async (entries) => {
      if (fail) throw new Error("disk full");
      written.push(...entries.map((e) => e.target ?? ""));
    }, 1);
    const results = await Promise.allSettled([audit.record(entry("a")), audit.record(entry("b"))]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    await audit.record(entry("c"));
    expect(written).toEqual(["c"]);
  });
});
