import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_GENERATIONS, generationsSchema } from "../lib/protocol/index";
import { currentGeneration, readGenerations, reportedGenerations } from "./generations";
import { pathWith, temporaryDir } from "./test-support/fixtures";
import { NixSystem } from "./test-support/nix-system";

const system = (letter: string) => `/nix/store/${letter.repeat(32)}-nixos-system-web-1`;

describe("readGenerations", () => {
  let dir: string;
  let cleanup: () => void;
  let model: NixSystem;
  const bin = () => path.join(dir, "bin");
  const tool = (...args: string[]) =>
    execFileSync(args[0] as string, args.slice(1), { env: { ...process.env, PATH: pathWith(bin()), FAKE_NIX_CONTROL: model.dir }, encoding: "utf8" });

  /** What `nixos-rebuild switch` does once it has built `storePath`. */
  const switchTo = (storePath: string) => {
    model.ensureSystem(storePath);
    tool("nixos-system-activate-new", storePath, "switch");
  };

  beforeEach(() => {
    ({ dir, cleanup } = temporaryDir());
    model = new NixSystem(path.join(dir, "host"));
    NixSystem.installTools(bin());
  });
  afterEach(() => cleanup());

  it("lists the profile's generations newest first, with dates, store paths and the running one", () => {
    model.install(system("a"));
    switchTo(system("b"));
    switchTo(system("c"));
    const generations = readGenerations(model.profile, model.currentLink);
    expect(generations.map(({ number, storePath, current }) => ({ number, storePath, current }))).toEqual([
      { number: 3, storePath: system("c"), current: true },
      { number: 2, storePath: system("b"), current: false },
      { number: 1, storePath: system("a"), current: false },
    ]);
    // A generation's date is its link's: made just now.
    expect(generations[0]?.createdAt).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(generationsSchema.safeParse(reportedGenerations(generations)).success).toBe(true);
  });

  it("follows a switch back: the profile and the running system return to the older generation", () => {
    model.install(system("a"));
    switchTo(system("b"));
    tool("nix-env", "-p", model.profile, "--switch-generation", "1");
    tool(path.join(model.storeRoot, system("a"), "bin", "switch-to-configuration"), "switch");
    expect(currentGeneration(model.profile, model.currentLink)).toMatchObject({ number: 1, storePath: system("a") });
    expect(model.current()).toBe(system("a"));
  });

  it("marks the profile's own generation current when two generations hold the running system", () => {
    model.install(system("a"));
    switchTo(system("b"));
    switchTo(system("a"));
    expect(readGenerations(model.profile, model.currentLink).filter((generation) => generation.current).map((generation) => generation.number)).toEqual([3]);
  });

  it("is empty without a profile, and keeps at most MAX_GENERATIONS", () => {
    expect(readGenerations(path.join(dir, "nowhere", "system"), model.currentLink)).toEqual([]);
    model.install(system("a"));
    for (let index = 0; index < MAX_GENERATIONS + 2; index += 1) model.addGeneration(system(index % 2 === 0 ? "b" : "c"));
    const generations = readGenerations(model.profile, model.currentLink);
    expect(generations).toHaveLength(MAX_GENERATIONS);
    expect(generations[0]?.number).toBe(MAX_GENERATIONS + 3);
  });
});
