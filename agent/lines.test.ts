import { describe, expect, it } from "vitest";
import { MAX_LINE_LENGTH } from "../lib/protocol/index";
import { LineSplitter, truncateLine } from "./lines";

function split(chunks: (string | Buffer)[], maxLength?: number): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), maxLength);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

describe("LineSplitter", () => {
  it("splits on newlines across chunks, strips CR, keeps empty lines and a last line without newline", () => {
    expect(split(["a\r\nb", "c\n\n", "last"])).toEqual(["a", "bc", "", "last"]);
  });

  it("decodes a multi-byte character cut between two chunks", () => {
    const bytes = Buffer.from("grüße\n");
    expect(split([bytes.subarray(0, 3), bytes.subarray(3)])).toEqual(["grüße"]);
  });

  it("truncates overlong lines to the protocol's limit and says how much was cut, without buffering it all", () => {
    const long = "x".repeat(MAX_LINE_LENGTH * 3);
    const [line, next] = split([long.slice(0, 10_000), long.slice(10_000), "\nok\n"]);
    expect(line).toHaveLength(MAX_LINE_LENGTH);
    expect(line).toMatch(/… \[line truncated: \d+ more characters\]$/);
    expect(next).toBe("ok");
  });

  it("leaves lines at the limit alone", () => {
    expect(truncateLine("y".repeat(MAX_LINE_LENGTH))).toHaveLength(MAX_LINE_LENGTH);
    expect(truncateLine("y".repeat(MAX_LINE_LENGTH))).not.toMatch(/truncated/);
  });
});
