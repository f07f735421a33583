import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAnonymousBytes } from "./agent-footprint";

describe("parseAnonymousBytes", () => {
  it("reads the Anonymous total of smaps_rollup, in bytes", () => {
    const rollup = ["00400000-7ffd00000000 ---p 00000000 00:00 0  [rollup]", "Rss:               54272 kB", "Pss:               50000 kB", "Anonymous:         13824 kB", "LazyFree:              0 kB", ""].join("\n");
    expect(parseAnonymousBytes(rollup)).toBe(13824 * 1024);
  });

  it("says null for text without it", () => {
    expect(parseAnonymousBytes("Rss: 1 kB\n")).toBeNull();
  });

  it.runIf(process.platform === "linux")("reads this process's own, which is less than its RSS", () => {
    const rollup = readFileSync("/proc/self/smaps_rollup", "utf8");
    const anonymous = parseAnonymousBytes(rollup);
    expect(anonymous).toBeGreaterThan(0);
    expect(anonymous).toBeLessThan(Number(/^Rss:\s+(\d+) kB$/m.exec(rollup)?.[1]) * 1024);
  });
});
