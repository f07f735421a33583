import { describe, expect, it } from "vitest";
import { pageInfo, parsePage } from "./pagination";

describe("pageInfo", () => {
  it("describes a middle page", () => {
    expect(pageInfo(1, 20, 95)).toEqual({ page: 1, pageCount: 5, from: 21, to: 40, total: 95, hasPrevious: true, hasNext: true });
  });

  it("clamps a page past the end and handles an empty list", () => {
    expect(pageInfo(9, 20, 45)).toMatchObject({ page: 2, from: 41, to: 45, hasNext: false });
    expect(pageInfo(0, 20, 0)).toMatchObject({ page: 0, pageCount: 1, from: 0, to: 0, hasPrevious: false, hasNext: false });
  });

  it("reads a page number from the query", () => {
    expect(parsePage("3")).toBe(3);
    expect(parsePage(["2"])).toBe(2);
    expect(parsePage("-1")).toBe(0);
    expect(parsePage("x")).toBe(0);
    expect(parsePage(null)).toBe(0);
  });
});
