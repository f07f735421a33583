import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { truncateLine } from "../lines";
import type { SwitchLauncher } from "../platforms/index";
import { isGroupAlive, sleep, spawnInGroup, type ExitStatus } from "../process-group";
import type { CommandContext } from "./context";

/**
 * Steps that must outlive the agent. A switch may restart the agent (launchd reloading its job,
 * systemd restarting its unit and ending every process in the unit's cgroup), and the agent may
 * crash: the switch must not die with it. Such a step runs outside the agent: in a transient
 * systemd unit of its own (`systemd-run`), or, where no service manager would end it, in a session
 * of its own. Either way its shell writes its pid to one file, its output to a second, and its exit
 * code to a third when it ends. The agent follows the output file; a restarted agent finds the files
 * in its journal and carries on.
 */

/**
 * `sh -c` script: record its pid in $3, run "$@" with all output appended to $1 (or say it is not on
 * PATH), then record the exit code in $2 (each record atomic).
 */
const WRAPPER =
  'out=$1; code_file=$2; pid_file=$3; shift 3; echo $$ >"$pid_file.tmp" && mv "$pid_file.tmp" "$pid_file"; ' +
  'if command -v "$1" >/dev/null 2>&1; then "$@" >>"$out" 2>&1 </dev/null; code=$?; ' +
  'else echo "$1: not found on PATH" >>"$out"; code=127; fi; ' +
  'echo "$code" >"$code_file.tmp" && mv "$code_file.tmp" "$code_file"';
/**
 * What a transient unit gets of the agent's environment: PID 1 starts it with its own, where the Nix
 * tools of the agent's PATH may be missing.
 */
const UNIT_ENVIRONMENT = ["PATH", "HOME", "NIX_PATH", "NIX_CONFIG", "LOCALE_ARCHIVE", "TZDIR"];
const POLL_MS = 200;
const LIVENESS_EVERY_POLLS = 5;
/** A unit that has not written its pid file by then never ran its shell. */
const UNIT_START_TIMEOUT_MS = 30_000;
const READ_BYTES = 1024 * 1024;
/** A line without a newline this long is passed on (truncated) rather than buffered further. */
const MAX_PARTIAL_BYTES = 64 * 1024;

export interface DetachedFiles {
  outputFile: string;
  exitFile: string;
  pidFile: string;
}

export function detachedFiles(stateDir: string, commandId: string): DetachedFiles {
  const dir = path.join(stateDir, "detached");
  const file = (extension: string) => path.join(dir, `${commandId}.${extension}`);
  return { outputFile: file("out"), exitFile: file("exit"), pidFile: file("pid") };
}

/** Best effort: on a disk that refuses (read-only) the files stay, and the command still ends. */
export function removeDetachedFiles(files: DetachedFiles): void {
  try {
    for (const file of Object.values(files)) rmSync(file, { force: true });
  } catch {
    // Files of a command already delivered: harmless leftovers.
  }
}

/** The transient unit a step of a command runs in. */
export function unitName(step: string, commandId: string): string {
  return `nixfleet-${step}-${commandId}`;
}

export interface DetachedStepOptions {
  stateDir: string;
  cwd?: string;
  launcher: SwitchLauncher;
}

export async function runDetachedStep(
  ctx: CommandContext,
  step: string,
  command: string,
  args: readonly string[],
  options: DetachedStepOptions,
): Promise<ExitStatus> {
  if (ctx.stopped) return { exitCode: null, signal: null, spawnError: null };
  const files = detachedFiles(options.stateDir, ctx.id);
  const unit = unitName(step, ctx.id);
  const where = options.launcher === "session" ? "detached" : `in systemd unit ${unit}`;
  ctx.note(`$ ${[command, ...args].join(" ")}   (${where}; output in ${files.outputFile})`);
  writeFileSync(files.outputFile, "", { flag: "a", mode: 0o600 });
  rmSync(files.exitFile, { force: true });
  rmSync(files.pidFile, { force: true });
  // Journalled before the start: an agent that dies a moment later still finds the step's files.
  ctx.updateJournal({ step, pid: null, outputFile: files.outputFile, exitFile: files.exitFile });
  const wrapped = [WRAPPER, "nixfleet-detached", files.outputFile, files.exitFile, files.pidFile, command, ...args];
  const started = await launchShell(ctx, options.launcher, unit, wrapped, options.cwd);
  if ("error" in started) {
    ctx.note(started.error);
    return { exitCode: null, signal: null, spawnError: started.error };
  }
  return followDetached(ctx, started.pid, files);
}

/**
 * Starts `sh -c <script> <args…>` (`shellArgs`) out of the agent's reach: a transient unit named
 * `unit`, or a session of its own. Returns the shell's pid when known (a session), null for a unit.
 */
export function launchShell(
  ctx: CommandContext,
  launcher: SwitchLauncher,
  unit: string,
  shellArgs: readonly string[],
  cwd?: string,
): Promise<{ pid: number | null } | { error: string }> {
  return launcher === "session" ? startInSession(shellArgs, cwd) : startInUnit(ctx, launcher === "user-unit", unit, shellArgs, cwd);
}

async function startInSession(wrapped: readonly string[], cwd: string | undefined): Promise<{ pid: number } | { error: string }> {
  const child = spawn("sh", ["-c", ...wrapped], { cwd, detached: true, stdio: "ignore" });
  const spawnError = new Promise<string>((resolve) => child.once("error", (error) => resolve(error.message)));
  child.unref();
  if (child.pid === undefined) return { error: `could not start sh: ${await spawnError}` };
  return { pid: child.pid };
}

/**
 * `systemd-run` starts the unit and returns (without --wait); the unit's shell then writes its pid
 * file, which `followDetached` waits for. `--collect` removes the unit however it ends.
 */
async function startInUnit(
  ctx: CommandContext,
  user: boolean,
  unit: string,
  wrapped: readonly string[],
  cwd: string | undefined,
): Promise<{ pid: null } | { error: string }> {
  const environment = UNIT_ENVIRONMENT.flatMap((name) => {
    const value = process.env[name];
    return value === undefined ? [] : [`--setenv=${name}=${value}`];
  });
  const args = [
    ...(user ? ["--user"] : []),
    `--unit=${unit}`,
    `--description=NixFleet ${ctx.type} ${ctx.id}`,
    "--collect",
    "--quiet",
    "--no-ask-password",
    "--service-type=exec",
    ...(cwd === undefined ? [] : [`--working-directory=${cwd}`]),
    ...environment,
    "--",
    "/bin/sh",
    "-c",
    ...wrapped,
  ];
  const child = spawnInGroup("systemd-run", args, { onLine: (stream, line) => ctx.output(stream, line) });
  const status = await child.exited;
  if (status.spawnError !== null) return { error: status.spawnError };
  if (status.exitCode !== 0) return { error: `systemd-run could not start ${unit} (exit code ${status.exitCode ?? status.signal})` };
  return { pid: null };
}

/**
 * Follows a detached step until it ends, passing its output on; resumes where the outbox left off.
 * `pid` is the step's shell (its process group), or null until the shell wrote its pid file.
 */
export async function followDetached(ctx: CommandContext, pid: number | null, files: DetachedFiles): Promise<ExitStatus> {
  let offset = ctx.cursor() ?? 0;
  let shell = pid;
  const since = Date.now();
  if (shell !== null) ctx.adopt(shell);
  for (let poll = 0; ; poll += 1) {
    if (shell === null) {
      shell = readNumber(files.pidFile);
      if (shell !== null) {
        ctx.adopt(shell);
        ctx.updateJournal({ pid: shell });
      }
    }
    let exitCode = readNumber(files.exitFile);
    // The exit file is the usual end; checking the group (a ps call) is only for a shell that was killed.
    const gone =
      exitCode === null &&
      poll % LIVENESS_EVERY_POLLS === 0 &&
      (shell === null ? Date.now() - since > UNIT_START_TIMEOUT_MS : !isGroupAlive(shell));
    if (gone) exitCode = readNumber(files.exitFile);
    const ended = exitCode !== null || gone;
    offset = readNewLines(ctx, files.outputFile, offset, ended);
    if (exitCode !== null) return { exitCode, signal: null, spawnError: null };
    if (gone) {
      if (shell === null) ctx.note(`the detached step did not start within ${UNIT_START_TIMEOUT_MS / 1000} s (no ${files.pidFile})`);
      else if (!ctx.stopped) ctx.note("the detached process ended without recording its exit code");
      return { exitCode: null, signal: null, spawnError: null };
    }
    await sleep(POLL_MS);
  }
}

function readNumber(file: string): number | null {
  try {
    const text = readFileSync(file, "utf8").trim();
    return /^\d+$/.test(text) ? Number(text) : null;
  } catch {
    return null;
  }
}

/**
 * Passes on the complete lines after `offset`, each with the offset after it as the outbox cursor,
 * so a restart resumes at the first line not yet committed. Returns the new offset.
 */
function readNewLines(ctx: CommandContext, file: string, offset: number, ended: boolean): number {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return offset;
  }
  try {
    const buffer = Buffer.alloc(READ_BYTES);
    let carry = Buffer.alloc(0);
    let position = offset;
    for (;;) {
      const read = readSync(fd, buffer, 0, READ_BYTES, position + carry.length);
      const data = Buffer.concat([carry, buffer.subarray(0, read)]);
      let start = 0;
      for (let newline = data.indexOf(10); newline !== -1; newline = data.indexOf(10, start)) {
        emit(ctx, data.subarray(start, newline), position + newline + 1);
        start = newline + 1;
      }
      position += start;
      carry = data.subarray(start);
      if (carry.length > MAX_PARTIAL_BYTES || (read === 0 && ended && carry.length > 0)) {
        emit(ctx, carry, position + carry.length);
        position += carry.length;
        carry = Buffer.alloc(0);
      }
      if (read === 0) return position;
    }
  } finally {
    closeSync(fd);
  }
}

function emit(ctx: CommandContext, bytes: Buffer, cursor: number): void {
  const text = bytes.toString("utf8");
  ctx.output("stdout", truncateLine(text.endsWith("\r") ? text.slice(0, -1) : text), undefined, cursor);
}
