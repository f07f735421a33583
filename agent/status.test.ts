import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DesiredSystemEvaluator } from "./desired-system";
import { silentLogger } from "./log";
import { inspectRepository } from "./repo";
import { StatusCollector } from "./status";
import { git, pathWith, temporaryDir, writeScript } from "./test-support/fixtures";

/**
 * The status goes out with every heartbeat; the clone's facts in it (HEAD, flake.lock's hash and
 * time) must follow every change to the clone, but an unchanged clone must not cost a git process
 * per heartbeat. A wrapper on PATH counts the real git's runs.
 */
describe("the status's repository facts", () => {
  let root: string;
  let cleanup: () => void;
  let repo: string;
  let gitRuns: string;
  let savedPath: string | undefined;
  let collector: StatusCollector;
  let commitSecond = 1_700_000_000;

  const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  const runs = () => readFileSync(gitRuns, "utf8").split("\n").filter(Boolean).length;
  const commit = (file: string, content: string) => {
    writeFileSync(path.join(repo, file), content);
    commitSecond += 60;
    process.env.GIT_COMMITTER_DATE = `${commitSecond} +0000`;
    git(repo, "add", "--all");
    git(repo, "commit", "--quiet", "-m", `change ${file}`);
    delete process.env.GIT_COMMITTER_DATE;
  };
  const reported = async () => {
    await collector.refreshRepo();
    const { headCommit, lockHash, lockModifiedAt } = collector.status();
    return { headCommit, lockHash, lockModifiedAt };
  };

  beforeEach(() => {
    ({ dir: root, cleanup } = temporaryDir());
    repo = path.join(root, "repo");
    git(root, "init", "--quiet", "--initial-branch=main", repo);
    commit("flake.lock", '{ "version": 7 }\n');
    gitRuns = path.join(root, "git-runs");
    writeFileSync(gitRuns, "");
    writeScript(path.join(root, "bin", "git"), `echo "$*" >> '${gitRuns}'\nexec '${realGit}' "$@"`);
    savedPath = process.env.PATH;
    process.env.PATH = pathWith(path.join(root, "bin"));
    const settings = { repoDir: repo, currentSystemLink: path.join(root, "no-system") };
    collector = new StatusCollector(settings, new DesiredSystemEvaluator({ ...settings, platform: "nixos", hostname: "h" } as never, silentLogger), () => null, silentLogger);
  });
  afterEach(() => {
    process.env.PATH = savedPath;
    cleanup();
  });

  it("starts no git process for a heartbeat while the clone is unchanged", async () => {
    await reported();
    const first = runs();
    expect(first).toBeGreaterThan(0);
    for (let beat = 0; beat < 5; beat += 1) await reported();
    expect(runs()).toBe(first);
  });

  it("reports every change to the clone at the next heartbeat, as a fresh look at it would", async () => {
    const fresh = async () => {
      process.env.PATH = savedPath;
      const facts = await inspectRepository(repo);
      process.env.PATH = pathWith(path.join(root, "bin"));
      return facts;
    };
    const changes: Array<[string, () => void]> = [
      ["a commit changing flake.lock", () => commit("flake.lock", '{ "version": 7, "nodes": {} }\n')],
      ["a commit not touching flake.lock", () => commit("flake.nix", "{ }\n")],
      ["flake.lock edited, not committed", () => writeFileSync(path.join(repo, "flake.lock"), "{}\n")],
      ["git checkout -- flake.lock", () => git(repo, "checkout", "--", "flake.lock")],
      ["a branch checked out at an older commit", () => git(repo, "checkout", "--quiet", "-b", "older", "HEAD~2")],
      ["a commit on that branch", () => commit("flake.lock", '{ "version": 8 }\n')],
      ["refs packed, then a commit", () => (git(repo, "pack-refs", "--all"), commit("flake.lock", '{ "version": 9 }\n'))],
      ["a detached HEAD", () => git(repo, "checkout", "--quiet", "--detach", "main")],
      ["reset --hard from the detached HEAD", () => git(repo, "reset", "--quiet", "--hard", "HEAD~1")],
      ["back on a branch whose loose ref was packed", () => git(repo, "checkout", "--quiet", "older")],
      ["amended commit", () => git(repo, "commit", "--quiet", "--amend", "-m", "amended", "--date", "1800000000 +0000")],
    ];
    let previous = await reported();
    expect(previous).toEqual(await fresh());
    for (const [change, apply] of changes) {
      apply();
      const now = await reported();
      expect(now, change).toEqual(await fresh());
      expect(now, `${change} changed nothing the test can see`).not.toEqual(previous);
      previous = now;
    }
  });
});
