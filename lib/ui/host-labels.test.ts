import { describe, expect, it } from "vitest";
import { deviceTypeLabel, locationLabel, platformLabel, safeThemeColor } from "./host-labels";

describe("host labels", () => {
  it("names platforms the way their users do", () => {
    expect(platformLabel("nixos")).toBe("NixOS");
    expect(platformLabel("darwin")).toBe("macOS");
  });

  it("capitalises locations and device types", () => {
    expect(locationLabel("cloud")).toBe("Cloud");
    expect(deviceTypeLabel("gaming")).toBe("Gaming");
  });
});

describe("safeThemeColor", () => {
  it("accepts a #rrggbb colour", () => {
    expect(safeThemeColor("#1a2B3c")).toBe("#1a2B3c");
  });

  it("refuses anything else", () => {
    expect(safeThemeColor("red")).toBeNull();
    expect(safeThemeColor("#fff")).toBeNull();
    expect(safeThemeColor("#123456; background: url(x)")).toBeNull();
    expect(safeThemeColor(null)).toBeNull();
  });
});
