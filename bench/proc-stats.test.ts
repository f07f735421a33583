import { describe, expect, it } from "vitest";
import { parseProcStat } from "./proc-stats";

describe("/proc parsing", () => {
  it("reads CPU ticks after a command name with spaces and parentheses", () => {
    const line = "1234 (node (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 11 0 100 1000 500";
    expect(parseProcStat(line)).toEqual({ pid: 1234, ppid: 1, cpuTicks: 300, childCpuTicks: 10 });
  });
});
