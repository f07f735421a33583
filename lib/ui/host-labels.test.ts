import { describe, expect, it } from "vitest";
import { hostNameSchema } from "@/lib/protocol/fields";
import { clockSkewWarning, deviceTypeLabel, hostNameProblem, locationLabel, platformLabel, repoUrlSourceLabel, safeThemeColor } from "./host-labels";

describe("host labels", () => {
  it("names platforms the way their users do", () => {
    expect(platformLabel("nixos")).toBe("NixOS");
    expect(platformLabel("darwin")).toBe("nix-darwin");
    expect(platformLabel("home-manager")).toBe("Home Manager");
  });

  it("says where a host's repository URL came from, and what to do when there is none", () => {
    expect(repoUrlSourceLabel("option")).toBe("set in the agent's options");
    expect(repoUrlSourceLabel("fleet-target")).toBe("from the fleet target (version.json)");
    expect(repoUrlSourceLabel("checkout")).toBe("from the origin of the host's configuration checkout");
    expect(repoUrlSourceLabel("clone")).toBe("from the agent's own clone (an earlier run)");
    expect(repoUrlSourceLabel("none")).toBe("none found: set repoUrl in the agent's options");
    expect(repoUrlSourceLabel(null)).toBeNull();
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

describe("hostNameProblem", () => {
  it("agrees with the protocol's host name rule", () => {
    for (const name of ["web-1", "a", "A_b-9", "x".repeat(63), "", "-web", "web.1", "web 1", "x".repeat(64), "<script>"]) {
      expect(hostNameProblem(name) === null, name).toBe(hostNameSchema.safeParse(name).success);
    }
  });
});

describe("clockSkewWarning", () => {
  it("warns of a clock off by a minute or more, either way", () => {
    expect(clockSkewWarning(365 * 24 * 3_600_000 + 5_000)).toBe("clock 365 d ahead of the dashboard's");
    expect(clockSkewWarning(-(3 * 60_000 + 4_000))).toBe("clock 3 min 4 s behind the dashboard's");
  });

  it("says nothing of a small skew or none known", () => {
    expect(clockSkewWarning(59_000)).toBeNull();
    expect(clockSkewWarning(-200)).toBeNull();
    expect(clockSkewWarning(null)).toBeNull();
  });
});
