import { describe, expect, it } from "vitest";
import { collateHostNames, compareHostNames } from "./host-names";

/** A deterministic stream of pseudo-random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe("compareHostNames", () => {
  it("sorts numbers inside names naturally and ignores case", () => {
    expect(["web-10", "Web-2", "db", "web-1", "web-02", "web_1", "web.1", "web1"].sort(compareHostNames)).toEqual([
      "db", "web_1", "web-1", "Web-2", "web-02", "web-10", "web.1", "web1",
    ]);
  });

  it("orders plain names exactly as the collator does", () => {
    const next = random(42);
    const alphabet = "aAbBmzZ0123456789_-.";
    const name = () => Array.from({ length: 1 + Math.floor(next() * 8) }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
    const disagreements: string[] = [];
    for (let n = 0; n < 50_000; n++) {
      const a = name();
      const b = name();
      if (Math.sign(compareHostNames(a, b)) !== Math.sign(collateHostNames(a, b))) disagreements.push(`${a} ${b}`);
    }
    expect(disagreements).toEqual([]);
  });

  it("leaves names with other characters to the collator", () => {
    const pairs: [string, string][] = [
      ["1\u0663", "12"], // an Arabic-Indic digit continues the number: 13 > 12
      ["éa", "eb"], ["web", "web\u200b"], ["Ω-1", "ω-2"], ["host 2", "host-1"], ["a+b", "a-b"],
    ];
    for (const [a, b] of pairs) {
      expect(Math.sign(compareHostNames(a, b))).toBe(Math.sign(collateHostNames(a, b)));
      expect(Math.sign(compareHostNames(b, a))).toBe(Math.sign(collateHostNames(b, a)));
    }
  });
});
