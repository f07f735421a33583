import { describe, expect, it } from "vitest";
import { localPortsAdvice, openFilesLimits, openFilesNeeded, planOpenFiles, shellCanRaise } from "./open-files";

describe("the open-files limit", () => {
  it("is read from /proc's limits, soft and hard", () => {
    const text = "Max processes  1000  1000  processes\nMax open files            1024                 524288               files\n";
    expect(openFilesLimits(text)).toEqual({ soft: 1024, hard: 524288 });
    expect(openFilesLimits("Max open files unlimited unlimited files")).toEqual({ soft: Infinity, hard: Infinity });
  });

  it("is enough when it covers a socket per agent plus the rest", () => {
    expect(planOpenFiles(25_000, 30_000, false, () => false)).toEqual({ kind: "enough", limit: 30_000 });
  });

  it("is raised by running the bench again under ulimit, once", () => {
    expect(planOpenFiles(25_000, 20_000, false, () => true)).toEqual({ kind: "rerun", limit: openFilesNeeded(25_000) });
    const again = planOpenFiles(25_000, 20_000, true, () => true);
    expect(again.kind).toBe("refuse");
  });

  it("when it cannot be raised, the bench says exactly what to run", () => {
    const plan = planOpenFiles(25_000, 1024, false, () => false);
    expect(plan.kind).toBe("refuse");
    if (plan.kind === "refuse") {
      expect(plan.message).toContain(`ulimit -n ${openFilesNeeded(25_000)}`);
      expect(plan.message).toContain("/etc/security/limits.conf");
    }
  });

  it("a shell can set a limit it has, and cannot set one beyond the kernel's maximum", () => {
    expect(shellCanRaise(openFilesLimits().soft === Infinity ? 1024 : openFilesLimits().soft)).toBe(true);
    expect(shellCanRaise(2 ** 31 - 1)).toBe(false);
  });

  it("says how to widen the ephemeral port range when the agents would not fit in it", () => {
    expect(localPortsAdvice(25_000, [32768, 60999])).toBeNull();
    expect(localPortsAdvice(40_000, [32768, 60999])).toContain('sysctl -w net.ipv4.ip_local_port_range="');
  });
});
