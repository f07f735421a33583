import { describe, expect, it } from "vitest";
import { MAX_PREVIEW_PACKAGES } from "../../lib/protocol/index";
import { parseDiffClosures } from "./diff-closures";

// nix's own example (src/nix/diff-closures.md), plus lines the same code prints for the other cases.
const NIX_SAMPLE = `acpi-call: 2020-04-07-5.8.16 → 2020-04-07-5.8.18
baloo-widgets: 20.08.1 → 20.08.2
bluez-qt: +12.6 KiB
dolphin: 20.08.1 → 20.08.2, +13.9 KiB
kdeconnect: 20.08.2 → ∅, -6597.8 KiB
kdeconnect-kde: ∅ → 20.08.2, +6599.7 KiB
`;

describe("parseDiffClosures", () => {
  it("reads nix's own example: changes, an addition, a removal and the size changes", () => {
    const diff = parseDiffClosures(NIX_SAMPLE);
    expect(diff.packages).toEqual({
      changed: [
        { name: "acpi-call", from: "2020-04-07-5.8.16", to: "2020-04-07-5.8.18" },
        { name: "baloo-widgets", from: "20.08.1", to: "20.08.2" },
        { name: "dolphin", from: "20.08.1", to: "20.08.2" },
      ],
      added: [{ name: "kdeconnect-kde", version: "20.08.2" }],
      removed: [{ name: "kdeconnect", version: "20.08.2" }],
    });
    expect(diff.counts).toEqual({ changed: 3, added: 1, removed: 1 });
    // 12.6 + 13.9 - 6597.8 + 6599.7 KiB
    expect(diff.closureDeltaBytes).toBe(Math.round(28.4 * 1024));
  });

  it("keeps several versions and the empty version ε as nix prints them, and drops terminal colours", () => {
    const diff = parseDiffClosures(
      "python3: 3.11.6, 3.12.0 → 3.12.1, \u001b[31;1m+120.0 KiB\u001b[0m\nfirmware: ε → 2024-01\nzlib: 1.3 → ∅\n",
    );
    expect(diff.packages.changed).toEqual([
      { name: "python3", from: "3.11.6, 3.12.0", to: "3.12.1" },
      { name: "firmware", from: "ε", to: "2024-01" },
    ]);
    expect(diff.packages.removed).toEqual([{ name: "zlib", version: "1.3" }]);
    expect(diff.closureDeltaBytes).toBe(120 * 1024);
  });

  it("says nothing changed for empty output, and ignores lines that are not package lines", () => {
    expect(parseDiffClosures("")).toEqual({
      packages: { changed: [], added: [], removed: [] },
      counts: { changed: 0, added: 0, removed: 0 },
      closureDeltaBytes: null,
    });
    expect(parseDiffClosures("warning: Git tree is dirty\n  indented: 1 → 2\n").counts).toEqual({ changed: 0, added: 0, removed: 0 });
  });

  it("bounds the lists and keeps the full counts", () => {
    const many = Array.from({ length: MAX_PREVIEW_PACKAGES + 5 }, (_, i) => `pkg${i}: ∅ → 1.0`).join("\n");
    const diff = parseDiffClosures(many);
    expect(diff.packages.added).toHaveLength(MAX_PREVIEW_PACKAGES);
    expect(diff.counts.added).toBe(MAX_PREVIEW_PACKAGES + 5);
  });
});
