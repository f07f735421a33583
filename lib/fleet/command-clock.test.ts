import { describe, expect, it } from "vitest";
import { commandTimes } from "./command-clock";

const NOW = 1_800_000_000_000;
const YEAR = 365 * 24 * 3_600_000;

describe("commandTimes", () => {
  it("ends a command its duration after the dashboard saw it start, whatever the agent's clock says", () => {
    expect(commandTimes(NOW - 10_000, { startedAt: NOW + YEAR, durationMs: 4_000 }, NOW)).toEqual({
      startedAt: new Date(NOW - 10_000), finishedAt: new Date(NOW - 6_000), clockSkewMs: YEAR + 10_000,
    });
  });

  it("never puts the end after the result arrived", () => {
    expect(commandTimes(NOW - 1_000, { startedAt: NOW - 1_050, durationMs: 1_050 }, NOW).finishedAt).toEqual(new Date(NOW));
  });

  it("counts back from the result's arrival when the dashboard never saw the start, and makes no skew guess", () => {
    expect(commandTimes(null, { startedAt: NOW - YEAR, durationMs: 30 }, NOW)).toEqual({
      startedAt: new Date(NOW - 30), finishedAt: new Date(NOW), clockSkewMs: null,
    });
  });
});
