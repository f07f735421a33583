import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collectHostFacts } from "./facts";
import { pathWith, temporaryDir, writeScript } from "./test-support/fixtures";

describe("collectHostFacts", () => {
  let root: string;
  let cleanup: () => void;
  const originalPath = process.env.PATH;

  beforeEach(() => {
    ({ dir: root, cleanup } = temporaryDir());
    // Stand-ins that would answer if asked: the facts must come from the right one for the OS and platform.
    writeScript(path.join(root, "bin", "sw_vers"), `echo "$@" >> "${root}/sw_vers.calls"\necho 14.5`);
    writeScript(path.join(root, "bin", "darwin-version"), "echo 25.05.20250601.abcdef0");
    writeScript(path.join(root, "bin", "nixos-version"), "echo '25.05.20250601.1234567 (Warbler)'");
    process.env.PATH = pathWith(path.join(root, "bin"));
  });
  afterEach(() => {
    process.env.PATH = originalPath;
    cleanup();
  });

  const linuxName = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1];

  it("reports Home Manager on Linux with the Linux release, and never asks sw_vers", async () => {
    expect(await collectHostFacts("home-manager", "linux")).toEqual({ osVersion: linuxName, nixpkgsVersion: "" });
    expect(() => readFileSync(path.join(root, "sw_vers.calls"))).toThrow();
  });

  it("asks sw_vers on macOS, for nix-darwin and for Home Manager alike", async () => {
    expect(await collectHostFacts("darwin", "darwin")).toEqual({ osVersion: "macOS 14.5", nixpkgsVersion: "25.05.20250601.abcdef0" });
    expect((await collectHostFacts("home-manager", "darwin")).osVersion).toBe("macOS 14.5");
  });

  it("takes NixOS's release from nixos-version", async () => {
    expect(await collectHostFacts("nixos", "linux")).toEqual({ osVersion: linuxName, nixpkgsVersion: "25.05.20250601.1234567 (Warbler)" });
  });
});
