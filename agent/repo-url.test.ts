import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LogFields, Logger } from "./log";
import { chooseRepoUrl, RepoUrlResolver } from "./repo-url";
import { git, makeOrigin, temporaryDir } from "./test-support/fixtures";

const none = { option: null, fleetRepo: null, checkoutOrigin: null, cloneOrigin: null };

describe("chooseRepoUrl", () => {
  it.each([
    ["the option first", { option: "o", fleetRepo: "f", checkoutOrigin: "c", cloneOrigin: "k" }, { url: "o", source: "option" }],
    ["then the fleet target", { fleetRepo: "f", checkoutOrigin: "c", cloneOrigin: "k" }, { url: "f", source: "fleet-target" }],
    ["then the checkout's origin", { checkoutOrigin: "c", cloneOrigin: "k" }, { url: "c", source: "checkout" }],
    ["then the agent's own clone", { cloneOrigin: "k" }, { url: "k", source: "clone" }],
    ["else nothing", {}, { url: null, source: "none" }],
    ["and never an empty fleet repo", { fleetRepo: "", checkoutOrigin: "c" }, { url: "c", source: "checkout" }],
  ])("takes %s", (_name, candidates, expected) => {
    expect(chooseRepoUrl({ ...none, ...candidates })).toEqual(expected);
  });
});

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (event: string, fields: LogFields = {}) => lines.push(`${level} ${event} ${JSON.stringify(fields)}`);
  return { lines, debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") };
}

describe("RepoUrlResolver", () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir: root, cleanup } = temporaryDir()));
  afterEach(() => cleanup());

  it("follows the fleet target, falls back to the checkout's origin, and logs each choice with its source", async () => {
    const { origin } = makeOrigin(root);
    const checkout = path.join(root, "etc-nixos");
    git(root, "clone", "--quiet", origin, checkout);
    const log = recordingLogger();
    const resolver = new RepoUrlResolver({ isolatedRepoMode: true, repoUrl: null, repoDir: path.join(root, "state", "repo"), checkoutDir: checkout }, log);

    expect(await resolver.refresh()).toBe(true);
    expect(resolver.current()).toEqual({ url: origin, source: "checkout" });
    expect(await resolver.refresh("https://git.example/fleet.git")).toBe(true);
    expect(resolver.current()).toEqual({ url: "https://git.example/fleet.git", source: "fleet-target" });
    expect(await resolver.refresh()).toBe(false);
    expect(await resolver.refresh(null)).toBe(true);
    expect(resolver.current()).toEqual({ url: origin, source: "checkout" });
    expect(log.lines.filter((line) => line.includes("repo_url.chosen"))).toEqual([
      `info repo_url.chosen ${JSON.stringify({ url: origin, source: "checkout" })}`,
      `info repo_url.chosen ${JSON.stringify({ url: "https://git.example/fleet.git", source: "fleet-target" })}`,
      `info repo_url.chosen ${JSON.stringify({ url: origin, source: "checkout" })}`,
    ]);
  });

  it("says clearly that repoUrl must be set when nothing names the repository", async () => {
    const log = recordingLogger();
    const resolver = new RepoUrlResolver({ isolatedRepoMode: true, repoUrl: null, repoDir: path.join(root, "repo"), checkoutDir: path.join(root, "none") }, log);
    await resolver.refresh(null);
    expect(resolver.current()).toEqual({ url: null, source: "none" });
    expect(log.lines).toEqual([expect.stringMatching(/^warn repo_url\.missing .*set repoUrl \(--repo-url, NIXFLEET_REPO_URL or the module's repoUrl\)/)]);
  });

  it("outside isolated mode reports the origin of the checkout it works in, whatever the fleet target", async () => {
    const { origin, work } = makeOrigin(root);
    const resolver = new RepoUrlResolver({ isolatedRepoMode: false, repoUrl: null, repoDir: work, checkoutDir: work }, recordingLogger());
    await resolver.refresh("https://git.example/fleet.git");
    expect(resolver.current()).toEqual({ url: origin, source: "checkout" });
  });
});
