import { describe, expect, it } from "vitest";
import { shortStorePath } from "./generation-labels";

describe("shortStorePath", () => {
  it("keeps the start of the hash and the whole name", () => {
    expect(shortStorePath("/nix/store/0123456789abcdfghijklmnpqrsvwxyz-nixos-system-web-1-25.05")).toBe("0123456…-nixos-system-web-1-25.05");
    expect(shortStorePath("not a store path")).toBe("not a store path");
  });
});
