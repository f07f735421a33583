import { symlinkSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveStorePath } from "./store-path";
import { temporaryDir } from "./test-support/fixtures";

const STORE = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-home-manager-generation";

describe("resolveStorePath", () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = temporaryDir()));
  afterEach(() => cleanup());

  it("follows a profile's relative generation link into the store", () => {
    symlinkSync(STORE, path.join(dir, "home-manager-42-link"));
    symlinkSync("home-manager-42-link", path.join(dir, "home-manager"));
    expect(resolveStorePath(path.join(dir, "home-manager"))).toBe(STORE);
  });

  it("cuts a link into a store path's inside down to the store path", () => {
    symlinkSync(`${STORE}/sw/bin`, path.join(dir, "current"));
    expect(resolveStorePath(path.join(dir, "current"))).toBe(STORE);
  });

  it("reads a link into a chroot store's root as the logical store path", () => {
    symlinkSync(path.join(dir, "root", STORE), path.join(dir, "current"));
    expect(resolveStorePath(path.join(dir, "current"))).toBe(STORE);
  });

  it("is null for a missing link, a link outside the store, and a loop", () => {
    expect(resolveStorePath(path.join(dir, "missing"))).toBeNull();
    symlinkSync("/etc", path.join(dir, "elsewhere"));
    expect(resolveStorePath(path.join(dir, "elsewhere"))).toBeNull();
    symlinkSync("b", path.join(dir, "a"));
    symlinkSync("a", path.join(dir, "b"));
    expect(resolveStorePath(path.join(dir, "a"))).toBeNull();
  });
});
