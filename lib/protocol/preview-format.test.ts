import { describe, expect, it } from "vitest";
import { formatSizeDelta, previewCountsText } from "./preview-format";

describe("preview words", () => {
  it("writes sizes as nix does, in MiB from 1 MiB on", () => {
    expect(formatSizeDelta(13.9 * 1024)).toBe("+13.9 KiB");
    expect(formatSizeDelta(-6597.8 * 1024)).toBe("-6.4 MiB");
    expect(formatSizeDelta(0)).toBe("+0.0 KiB");
  });

  it("puts the counts first, the units only where a platform has them", () => {
    const counts = { changed: 2, added: 1, removed: 0, closureDeltaBytes: 2048, units: { stop: 0, start: 1, restart: 2, reload: 0 } };
    expect(previewCountsText(counts)).toBe(
      "2 changed, 1 added, 0 removed packages, closure +2.0 KiB; units: 0 to stop, 1 to start, 2 to restart, 0 to reload",
    );
    expect(previewCountsText({ ...counts, units: null, closureDeltaBytes: null })).toBe("2 changed, 1 added, 0 removed packages");
  });
});
