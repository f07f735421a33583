import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-url";

describe("safeCallbackPath", () => {
  it("keeps a path on this dashboard, with its query", () => {
    expect(safeCallbackPath("/hosts/web-1?tab=history")).toBe("/hosts/web-1?tab=history");
  });

  it("goes to the fleet page when there is no callback", () => {
    expect(safeCallbackPath(undefined)).toBe("/");
    expect(safeCallbackPath("")).toBe("/");
  });

  it("refuses anything that leaves the origin", () => {
    for (const value of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "evil"]) {
      expect(safeCallbackPath(value)).toBe("/");
    }
  });

  it("refuses control characters, which browsers strip before resolving", () => {
    expect(safeCallbackPath("/\t/evil.example")).toBe("/");
  });

  it("accepts the dashboard's own absolute URL", () => {
    expect(safeCallbackPath("https://fleet.example/tokens", "https://fleet.example")).toBe("/tokens");
    expect(safeCallbackPath("https://fleet.example.evil/tokens", "https://fleet.example")).toBe("/");
  });

  it("does not loop back to the login page or into the API", () => {
    expect(safeCallbackPath("/login")).toBe("/");
    expect(safeCallbackPath("/api/auth/signout")).toBe("/");
  });

  it("takes the first value of a repeated parameter", () => {
    expect(safeCallbackPath(["/tokens", "/audit"])).toBe("/tokens");
  });
});
