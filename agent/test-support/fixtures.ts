import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Ack, CommandResult, CommandRun, CommandType, OutputChunk } from "../../lib/protocol/index";
import type { AgentOptions } from "../cli";
import { CommandContext } from "../commands/context";
import { CommandRunner } from "../commands/runner";
import { CommandJournal } from "../journal";
import { silentLogger } from "../log";
import { Outbox } from "../outbox";

/** A fresh temporary directory, removed by the returned cleanup. */
export function temporaryDir(prefix = "nixfleet-agent-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes an executable shell script (a stand-in for nixos-rebuild, home-manager, nix or a test). */
export function writeScript(file: string, body: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** Runs git with a fixed identity, for repositories the tests build. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Test",
      GIT_AUTHOR_EMAIL: "test@example.invalid",
      GIT_COMMITTER_NAME: "Test",
      GIT_COMMITTER_EMAIL: "test@example.invalid",
    },
  }).trim();
}

/** A bare origin with one commit on `main`, and a work tree to push more commits from. */
export function makeOrigin(root: string): { origin: string; work: string; commit: (file: string, content: string) => string } {
  const origin = path.join(root, "origin.git");
  const work = path.join(root, "upstream-work");
  git(root, "init", "--quiet", "--bare", "--initial-branch=main", origin);
  git(root, "clone", "--quiet", origin, work);
  git(work, "checkout", "--quiet", "-B", "main");
  const commit = (file: string, content: string) => {
    mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
    writeFileSync(path.join(work, file), content);
    git(work, "add", "--all");
    git(work, "commit", "--quiet", "-m", `change ${file}`);
    git(work, "push", "--quiet", "origin", "main");
    return git(work, "rev-parse", "HEAD");
  };
  commit("flake.nix", "{ outputs = _: { }; }\n");
  return { origin, work, commit };
}

/** A command context over a real outbox and journal in `stateDir`, as the runner would build it. */
export function makeContext(stateDir: string, type: CommandType, stopGraceMs = 2_000): { ctx: CommandContext; outbox: Outbox; id: string } {
  const outbox = new Outbox(path.join(stateDir, "outbox"), { maxBytes: 50 * 1024 * 1024, log: silentLogger });
  const journal = new CommandJournal(stateDir, silentLogger);
  const id = crypto.randomUUID();
  const entry = { id, type, startedAt: Date.now(), step: type, pid: null, outputFile: null, exitFile: null, stopRequested: false, safety: null };
  outbox.begin(id, type, entry.startedAt);
  journal.write(entry);
  return { ctx: new CommandContext(entry, outbox, journal, stopGraceMs, silentLogger), outbox, id };
}

/** Every committed line of a command, in order. */
export function outboxLines(outbox: Outbox, id: string): string[] {
  outbox.commit();
  return outbox.nextBatch(id, 100_000).map((chunk) => chunk.line);
}

export interface RunnerHarness {
  runner: CommandRunner;
  outbox: Outbox;
  journal: CommandJournal;
  options: AgentOptions;
  events: string[];
}

/** A command runner over a real state dir, as main.ts wires it, with hooks that only record. */
/** What the dashboard answers a switch's confirmation in a runner test (default: nothing, it is unreachable). */
export type ConfirmReply = (commandId: string) => Promise<Ack>;

export function makeRunner(
  stateDir: string,
  overrides: Partial<AgentOptions> = {},
  confirmSwitch: ConfirmReply = async () => ({ ok: false, error: "connect ECONNREFUSED (no dashboard in this test)" }),
): RunnerHarness {
  const options: AgentOptions = {
    url: "http://127.0.0.1:1",
    tokenFile: path.join(stateDir, "token"),
    isolatedRepoMode: false,
    repoUrl: null,
    repoDir: null,
    checkoutDir: null,
    branch: "main",
    intervalSeconds: 30,
    location: "other",
    deviceType: "server",
    themeColor: "#769ff0",
    hostname: "test-host",
    stateDir,
    platform: "nixos",
    logLevel: "error",
    outboxMaxBytes: 50 * 1024 * 1024,
    stopGraceMs: 1_000,
    currentSystemLink: path.join(stateDir, "current-system"),
    profile: path.join(stateDir, "profiles", "system"),
    confirmTimeoutSeconds: 0,
    rollbackOnTestFailure: false,
    selfPath: path.join(stateDir, "self"),
    tags: [],
    ...overrides,
  };
  mkdirSync(path.join(stateDir, "detached"), { recursive: true });
  const outbox = new Outbox(path.join(stateDir, "outbox"), { maxBytes: options.outboxMaxBytes, log: silentLogger });
  const journal = new CommandJournal(stateDir, silentLogger);
  const events: string[] = [];
  const runner = new CommandRunner(options, outbox, journal, silentLogger, {
    afterRepoChange: () => events.push("repo-changed"),
    onStatusChange: () => events.push("status"),
    onSelfReplaced: () => events.push("self-replaced"),
    repoUrl: () => options.repoUrl,
    confirmSwitch: (commandId) => {
      events.push(`confirm ${commandId}`);
      return confirmSwitch(commandId);
    },
  });
  return { runner, outbox, journal, options, events };
}

/** Reads everything the outbox holds for a finished command, as a dashboard that stores it all would. */
export function delivered(outbox: Outbox, id: string): { chunks: OutputChunk[]; result: CommandResult | null } {
  outbox.commit();
  const chunks = outbox.nextBatch(id, 1_000_000);
  outbox.acknowledge(id, outbox.lastSeq(id));
  return { chunks, result: outbox.readyResult(id) };
}

/** Starts a command and waits until its result is in the outbox. */
export async function runCommand(
  harness: RunnerHarness,
  type: CommandType,
  options: Pick<CommandRun, "generation" | "runTests"> = {},
): Promise<{ id: string; chunks: OutputChunk[]; result: CommandResult | null; lines: string[] }> {
  const id = crypto.randomUUID();
  const ack = harness.runner.start({ id, type, ...options });
  if (!ack.accepted) throw new Error(`refused: ${ack.reason}`);
  await harness.runner.idle();
  const { chunks, result } = delivered(harness.outbox, id);
  return { id, chunks, result, lines: chunks.map((chunk) => chunk.line) };
}

/** PATH with `dir` first, so the fake Nix tools in it are found. */
export function pathWith(dir: string): string {
  return `${dir}${path.delimiter}${process.env.PATH ?? ""}`;
}

/** Puts the fake Nix tools of `bin` first on PATH and points them at `controlDir`; returns what undoes it. */
export function useFakeNix(bin: string, controlDir: string): () => void {
  const saved = { PATH: process.env.PATH, FAKE_NIX_CONTROL: process.env.FAKE_NIX_CONTROL };
  process.env.PATH = pathWith(bin);
  process.env.FAKE_NIX_CONTROL = controlDir;
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
