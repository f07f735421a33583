import { describe, expect, it } from "vitest";
import type { PreviewSummary } from "@/lib/protocol/preview";
import { currentPreview, previewHref } from "./preview-state";

const A = "/nix/store/" + "a".repeat(32) + "-nixos-system-web-1";
const B = "/nix/store/" + "b".repeat(32) + "-nixos-system-web-1";
const preview = (desiredSystem: string | null): PreviewSummary => ({
  commandId: "0b6f3c1e-5d8e-4f0a-9d3b-7c2a1e4f5b6d",
  desiredSystem,
  finishedAt: 0,
  counts: { changed: 1, added: 0, removed: 0, units: null, closureDeltaBytes: null },
});

describe("currentPreview", () => {
  it("is the latest preview while it built the system the host would switch to, and nothing after that changed", () => {
    expect(currentPreview({ lastPreview: preview(B), desiredSystem: B })?.desiredSystem).toBe(B);
    expect(currentPreview({ lastPreview: preview(A), desiredSystem: B })).toBeNull();
    expect(currentPreview({ lastPreview: preview(B), desiredSystem: null })).toBeNull();
    expect(currentPreview({ lastPreview: null, desiredSystem: B })).toBeNull();
  });

  it("links to the host page's preview", () => {
    expect(previewHref("web 1")).toBe("/hosts/web%201#preview");
  });
});
