import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inspectRepository } from "../repo";
import { git, makeContext, makeOrigin, outboxLines, temporaryDir } from "../test-support/fixtures";
import { runPull } from "./pull";

describe("pull in isolated repo mode (a real bare origin)", () => {
  let root: string;
  let cleanup: () => void;
  let upstream: ReturnType<typeof makeOrigin>;
  let clone: string;
  const settings = () => ({ isolatedRepoMode: true, repoUrl: upstream.origin, repoDir: clone, branch: "main" });

  beforeEach(() => {
    ({ dir: root, cleanup } = temporaryDir());
    upstream = makeOrigin(root);
    clone = path.join(root, "state", "repo");
  });
  afterEach(() => cleanup());

  async function pull() {
    const { ctx, outbox, id } = makeContext(path.join(root, "state"), "pull");
    const outcome = await runPull(ctx, settings());
    return { outcome, lines: outboxLines(outbox, id) };
  }

  it("clones on first use, then brings in new commits", async () => {
    const first = await pull();
    expect(first.outcome).toEqual({ state: "succeeded", exitCode: 0 });
    expect(first.lines[0]).toMatch(/^\$ git clone --branch main -- /);
    expect((await inspectRepository(clone)).headCommit).toBe(git(upstream.work, "rev-parse", "HEAD"));

    const lock = '{ "nodes": {} }\n';
    const newHead = upstream.commit("flake.lock", lock);
    const second = await pull();
    expect(second.outcome.state).toBe("succeeded");
    expect(second.lines).toEqual(expect.arrayContaining([expect.stringMatching(/^\$ git fetch --prune origin/), "$ git reset --hard origin/main", "$ git clean -fd"]));
    const facts = await inspectRepository(clone);
    expect(facts.headCommit).toBe(newHead);
    expect(facts.lockHash).toBe(createHash("sha256").update(lock).digest("hex"));
    expect(facts.lockModifiedAt).toBe(Number(git(upstream.work, "log", "-1", "--format=%ct", "--", "flake.lock")));
  });

  it("wipes local edits and untracked files in the clone", async () => {
    await pull();
    writeFileSync(path.join(clone, "flake.nix"), "edited locally\n");
    writeFileSync(path.join(clone, "stray.txt"), "untracked\n");
    const { outcome } = await pull();
    expect(outcome.state).toBe("succeeded");
    expect(readFileSync(path.join(clone, "flake.nix"), "utf8")).toBe("{ outputs = _: { }; }\n");
    expect(existsSync(path.join(clone, "stray.txt"))).toBe(false);
  });

  it.each([
    ["its objects are gone", () => rmSync(path.join(clone, ".git", "objects"), { recursive: true, force: true })],
    ["its HEAD is garbage", () => writeFileSync(path.join(clone, ".git", "HEAD"), "garbage\n")],
    ["its .git is missing", () => rmSync(path.join(clone, ".git"), { recursive: true, force: true })],
  ])("clones again when %s", async (_what, damage) => {
    await pull();
    const head = upstream.commit("hosts/a/x", "1\n");
    damage();
    const { outcome, lines } = await pull();
    expect(outcome.state).toBe("succeeded");
    expect(lines[0]).toMatch(/^the agent's clone is damaged/);
    expect((await inspectRepository(clone)).headCommit).toBe(head);
  });

  it("follows a new --repo-url", async () => {
    await pull();
    const moved = path.join(root, "moved.git");
    git(root, "clone", "--quiet", "--bare", upstream.origin, moved);
    upstream = { ...upstream, origin: moved };
    const { outcome, lines } = await pull();
    expect(outcome.state).toBe("succeeded");
    expect(lines).toContain(`$ git remote set-url origin ${moved}`);
  });

  it("fails with git's exit code when the origin cannot be reached", async () => {
    upstream = { ...upstream, origin: path.join(root, "missing.git") };
    const { outcome, lines } = await pull();
    expect(outcome).toEqual({ state: "failed", exitCode: 128 });
    expect(lines.join("\n")).toMatch(/missing\.git/);
    expect(existsSync(clone)).toBe(false);
  });

  it("fails with a clear line, and runs no git, when nothing names the repository to clone", async () => {
    const { ctx, outbox, id } = makeContext(path.join(root, "state"), "pull");
    const outcome = await runPull(ctx, { ...settings(), repoUrl: null });
    expect(outcome).toEqual({ state: "failed", exitCode: null });
    expect(outboxLines(outbox, id)).toEqual([
      "pull: no repository to clone: set repoUrl (--repo-url, NIXFLEET_REPO_URL or the module's repoUrl), " +
        "publish `repo` in the dashboard's version.json, or give the host a configuration checkout with an origin",
    ]);
    expect(existsSync(clone)).toBe(false);
  });
});

describe("pull of --repo-dir (not isolated)", () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir: root, cleanup } = temporaryDir()));
  afterEach(() => cleanup());

  it("fast-forwards, and refuses to merge when the checkout has its own commits", async () => {
    const upstream = makeOrigin(root);
    const checkout = path.join(root, "checkout");
    git(root, "clone", "--quiet", upstream.origin, checkout);
    const head = upstream.commit("flake.lock", "{}\n");
    const settings = { isolatedRepoMode: false, repoUrl: null, repoDir: checkout, branch: "main" };

    const first = makeContext(path.join(root, "state"), "pull");
    expect(await runPull(first.ctx, settings)).toEqual({ state: "succeeded", exitCode: 0 });
    expect(outboxLines(first.outbox, first.id)[0]).toBe("$ git pull --ff-only");
    expect(git(checkout, "rev-parse", "HEAD")).toBe(head);

    writeFileSync(path.join(checkout, "local.txt"), "mine\n");
    git(checkout, "add", "local.txt");
    git(checkout, "-c", "user.name=T", "-c", "user.email=t@e.invalid", "commit", "--quiet", "-m", "local");
    upstream.commit("other.txt", "theirs\n");
    const second = makeContext(path.join(root, "state"), "pull");
    const outcome = await runPull(second.ctx, settings);
    expect(outcome.state).toBe("failed");
    expect(outcome.exitCode).not.toBe(0);
    expect(outboxLines(second.outbox, second.id).join("\n")).toMatch(/fast-forward/i);
    expect(readFileSync(path.join(checkout, "local.txt"), "utf8")).toBe("mine\n");
  });

  it("fails with a clear line when no repository is configured", async () => {
    const { ctx, outbox, id } = makeContext(path.join(root, "state"), "pull");
    const outcome = await runPull(ctx, { isolatedRepoMode: false, repoUrl: null, repoDir: null, branch: "main" });
    expect(outcome).toEqual({ state: "failed", exitCode: null });
    expect(outboxLines(outbox, id)).toEqual([expect.stringMatching(/^pull: no repository configured/)]);
  });
});
