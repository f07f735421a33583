import { describe, expect, it } from "vitest";
import { rowWindow, sameRowWindow } from "./row-window";

describe("rowWindow", () => {
  const base = { count: 10_000, rowHeight: 48, viewportHeight: 900, overscanPx: 480 };

  it("draws the first screenful and the overscan below it when the list starts on screen", () => {
    expect(rowWindow({ ...base, listTop: 300 })).toEqual({ start: 0, end: Math.ceil((900 - 300 + 480) / 48) });
  });

  it("draws only the rows near the viewport in the middle of a long list", () => {
    const window = rowWindow({ ...base, listTop: -48 * 5_000 });
    expect(window.start).toBe(5_000 - 10);
    expect(window.end).toBe(5_000 + Math.ceil((900 + 480) / 48));
  });

  it("stops at the end of the list", () => {
    expect(rowWindow({ ...base, listTop: -48 * 10_000 })).toEqual({ start: 9_990, end: 10_000 });
    expect(rowWindow({ ...base, count: 3, listTop: 0 })).toEqual({ start: 0, end: 3 });
  });

  it("draws nothing when the list is far below the viewport", () => {
    expect(rowWindow({ ...base, listTop: 5_000 })).toEqual({ start: 0, end: 0 });
  });

  it("never divides by a zero row height", () => {
    expect(rowWindow({ ...base, rowHeight: 0, listTop: 0 }).end).toBe(1_380);
  });

  it("compares windows by their bounds", () => {
    expect(sameRowWindow({ start: 1, end: 2 }, { start: 1, end: 2 })).toBe(true);
    expect(sameRowWindow({ start: 1, end: 2 }, { start: 1, end: 3 })).toBe(false);
  });
});
