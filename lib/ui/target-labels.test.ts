import { describe, expect, it } from "vitest";
import { commitUrl, safeHttpUrl, shortCommit } from "./target-labels";

describe("target labels", () => {
  it("shortens a commit to 7 characters", () => {
    expect(shortCommit("0123456789abcdef0123456789abcdef01234567")).toBe("0123456");
    expect(shortCommit(null)).toBe("–");
  });

  it("links a commit on an http(s) forge only", () => {
    expect(commitUrl("https://github.com/me/nixcfg", "abc")).toBe("https://github.com/me/nixcfg/commit/abc");
    expect(commitUrl("https://git.example/me/nixcfg.git/", "abc")).toBe("https://git.example/me/nixcfg/commit/abc");
    expect(commitUrl("https://git.example/me/nixcfg.git", "abc")).toBe("https://git.example/me/nixcfg/commit/abc");
    expect(commitUrl("git@github.com:me/nixcfg.git", "abc")).toBeNull();
    expect(commitUrl("javascript:alert(1)", "abc")).toBeNull();
    expect(commitUrl("", "abc")).toBeNull();
  });

  it("keeps only http(s) URLs as links", () => {
    expect(safeHttpUrl("https://x.example/a")).toBe("https://x.example/a");
    expect(safeHttpUrl("file:///etc/nixos")).toBeNull();
    expect(safeHttpUrl("/srv/nixcfg")).toBeNull();
  });
});
