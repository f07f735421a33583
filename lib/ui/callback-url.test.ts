import { describe, expect, it } from "vitest";
import { safeCallbackPath, sameOriginRedirect } from "./callback-url";

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

  it("refuses paths whose dot segments collapse into another origin (issue 12, hole 2)", () => {
    for (const value of ["/.//evil.example/phish", "/%2e%2e//evil", "/%2E//evil", "/a/..//evil", "http://fleet.example/..//evil"]) {
      expect(safeCallbackPath(value, "http://fleet.example")).toBe("/");
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

describe("sameOriginRedirect", () => {
  const base = "http://fleet.example";
  it("keeps URLs of the dashboard", () => {
    expect(sameOriginRedirect("/login", base)).toBe("http://fleet.example/login");
    expect(sameOriginRedirect("http://fleet.example/tokens?x=1", base)).toBe("http://fleet.example/tokens?x=1");
  });

  it("sends everything else to the root, judged after dot segments collapse", () => {
    for (const url of ["/.//evil.example/phish", "/%2e%2e//evil", "http://fleet.example/..//evil", "https://evil.example/", "//evil.example"]) {
      expect(sameOriginRedirect(url, base)).toBe(base);
    }
  });
});
