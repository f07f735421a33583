import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeRunner, runCommand, temporaryDir, useFakeNix, writeScript } from "../test-support/fixtures";
import { NIX_DIFF_CLOSURES, REBUILD_PREVIEW_ACTIONS } from "../test-support/nix-stand-ins";
import { NixSystem } from "../test-support/nix-system";

const RUNNING = "/nix/store/" + "a".repeat(32) + "-nixos-system-test-host";
const DESIRED = "/nix/store/" + "b".repeat(32) + "-nixos-system-test-host";

describe("preview (the system model's build, dry-activate and diff-closures stand-ins on PATH)", () => {
  let root: string;
  let cleanup: () => void;
  let model: NixSystem;
  let restoreEnv: () => void;

  beforeEach(() => {
    ({ dir: root, cleanup } = temporaryDir());
    const bin = path.join(root, "bin");
    mkdirSync(path.join(root, "config"));
    model = new NixSystem(path.join(root, "host"));
    model.install(RUNNING);
    model.setContents(RUNNING, {
      packages: [
        { name: "firefox", version: "119.0", size: 200 * 1024 * 1024 },
        { name: "nano", version: "7.2", size: 3 * 1024 * 1024 },
        { name: "openssl", version: "3.0.12", size: 6 * 1024 * 1024 },
      ],
      units: [
        { name: "firefox-sync.service", hash: "1" },
        { name: "nginx.service", hash: "1", onChange: "reload" },
        { name: "old-cron.service", hash: "1" },
        { name: "sshd.service", hash: "1" },
      ],
    });
    model.setContents(DESIRED, {
      packages: [
        { name: "firefox", version: "120.0", size: 201 * 1024 * 1024 },
        { name: "htop", version: "3.3.0", size: 400 * 1024 },
        { name: "openssl", version: "3.0.12", size: 6 * 1024 * 1024 + 100 },
      ],
      units: [
        { name: "firefox-sync.service", hash: "2" },
        { name: "nginx.service", hash: "2", onChange: "reload" },
        { name: "prometheus.service", hash: "1" },
        { name: "sshd.service", hash: "1" },
      ],
    });
    writeFileSync(path.join(model.dir, "desired"), DESIRED);
    for (const tool of ["nixos-rebuild", "home-manager"]) {
      writeScript(path.join(bin, tool), `echo "${tool} $*" >> "${root}/calls"\n${REBUILD_PREVIEW_ACTIONS}\necho "${tool}: unexpected $1" >&2; exit 1`);
    }
    writeScript(path.join(bin, "nix"), `echo "nix $*" >> "${root}/calls"\n${NIX_DIFF_CLOSURES}\necho "nix: unexpected" >&2; exit 1`);
    restoreEnv = useFakeNix(bin, model.dir);
  });
  afterEach(() => {
    restoreEnv();
    cleanup();
  });

  const harness = (platform: "nixos" | "home-manager" = "nixos") =>
    makeRunner(path.join(root, "state"), { repoDir: path.join(root, "config"), currentSystemLink: model.currentLink, platform });

  it("on NixOS builds, diffs the closures against the running system, asks dry-activate, and reports what a switch would change", async () => {
    const { result, lines } = await runCommand(harness(), "preview");
    expect(result).toMatchObject({ type: "preview", state: "succeeded", exitCode: 0 });
    expect(result?.preview).toEqual({
      packages: {
        changed: [{ name: "firefox", from: "119.0", to: "120.0" }],
        added: [{ name: "htop", version: "3.3.0" }],
        removed: [{ name: "nano", version: "7.2" }],
      },
      counts: { changed: 1, added: 1, removed: 1 },
      // firefox +1 MiB, htop +400 KiB, nano -3 MiB; openssl's 100 bytes are under nix's 8 KiB threshold.
      closureDeltaBytes: (1024 + 400 - 3 * 1024) * 1024,
      units: { stop: ["old-cron.service"], start: ["prometheus.service"], restart: ["firefox-sync.service"], reload: ["nginx.service"] },
      desiredSystem: DESIRED,
    });
    const flake = `${root}/config#test-host`;
    expect(lines).toContain(`$ nixos-rebuild build --flake ${flake}`);
    expect(lines).toContain(`$ nix --extra-experimental-features nix-command store diff-closures ${RUNNING} ${DESIRED}`);
    expect(lines).toContain("firefox: 119.0 → 120.0, +1024.0 KiB");
    expect(lines).toContain("would restart the following units: firefox-sync.service");
    expect(lines.at(-2)).toBe(
      "preview: 1 changed, 1 added, 1 removed packages, closure -1.6 MiB; units: 1 to stop, 1 to start, 1 to restart, 1 to reload",
    );
    // Nothing was activated: the host still runs what it ran.
    expect(model.current()).toBe(RUNNING);
  });

  it("off NixOS reports packages only: Home Manager has no dry activation", async () => {
    const { result, lines } = await runCommand(harness("home-manager"), "preview");
    expect(result).toMatchObject({ state: "succeeded" });
    expect(result?.preview?.units).toBeNull();
    expect(result?.preview?.counts).toEqual({ changed: 1, added: 1, removed: 1 });
    expect(lines).toContain(`$ home-manager build --flake ${root}/config#test-host`);
    expect(lines.some((line) => line.includes("dry-activate"))).toBe(false);
  });

  it("fails with the build's own error and no preview when the build fails", async () => {
    writeFileSync(path.join(model.dir, "desired"), "/nix/store/" + "c".repeat(32) + "-not-in-the-model");
    const { result, lines } = await runCommand(harness(), "preview");
    expect(result).toMatchObject({ state: "failed", exitCode: 1 });
    expect(result?.preview).toBeUndefined();
    expect(lines.some((line) => line.includes("the model has no system"))).toBe(true);
  });
});
