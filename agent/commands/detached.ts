import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { truncateLine } from "../lines";
import { isGroupAlive, sleep, type ExitStatus } from "../process-group";
import type { CommandContext } from "./context";

/**
 * Steps that must outlive the agent: on macOS, `home-manager switch` reloads the agent's own
 * launchd job, which kills the agent in the middle of the switch. Such a step runs in a session of
 * its own (so launchd's cleanup of the job does not reach it), writes its output to a file in the
 * state dir, and its shell writes the exit code to a second file when it ends. The agent follows
 * the output file; a restarted agent finds both files in its journal and carries on.
 */

/** `sh -c` script: run "$@" with all output appended to $1, then record its exit code in $2 atomically. */
const WRAPPER = 'out=$1; code_file=$2; shift 2; "$@" >>"$out" 2>&1 </dev/null; code=$?; echo "$code" >"$code_file.tmp" && mv "$code_file.tmp" "$code_file"';
const POLL_MS = 200;
const LIVENESS_EVERY_POLLS = 5;
const READ_BYTES = 1024 * 1024;
/** A line without a newline this long is passed on (truncated) rather than buffered further. */
const MAX_PARTIAL_BYTES = 64 * 1024;

export interface DetachedFiles {
  outputFile: string;
  exitFile: string;
}

export function detachedFiles(stateDir: string, commandId: string): DetachedFiles {
  const dir = path.join(stateDir, "detached");
  return { outputFile: path.join(dir, `${commandId}.out`), exitFile: path.join(dir, `${commandId}.exit`) };
}

/** Best effort: on a disk that refuses (read-only) the files stay, and the command still ends. */
export function removeDetachedFiles(files: DetachedFiles): void {
  try {
    rmSync(files.outputFile, { force: true });
    rmSync(files.exitFile, { force: true });
  } catch {
    // Files of a command already delivered: harmless leftovers.
  }
}

export async function runDetachedStep(
  ctx: CommandContext,
  step: string,
  command: string,
  args: readonly string[],
  options: { stateDir: string; cwd?: string },
): Promise<ExitStatus> {
  if (ctx.stopped) return { exitCode: null, signal: null, spawnError: null };
  const files = detachedFiles(options.stateDir, ctx.id);
  ctx.note(`$ ${[command, ...args].join(" ")}   (detached; output in ${files.outputFile})`);
  writeFileSync(files.outputFile, "", { flag: "a", mode: 0o600 });
  rmSync(files.exitFile, { force: true });
  const child = spawn("sh", ["-c", WRAPPER, "nixfleet-detached", files.outputFile, files.exitFile, command, ...args], {
    cwd: options.cwd,
    detached: true,
    stdio: "ignore",
  });
  const spawnError = new Promise<string>((resolve) => child.once("error", (error) => resolve(error.message)));
  child.unref();
  if (child.pid === undefined) {
    const reason = `could not start sh for ${command}: ${await spawnError}`;
    ctx.note(reason);
    return { exitCode: null, signal: null, spawnError: reason };
  }
  ctx.adopt(child.pid);
  ctx.updateJournal({ step, pid: child.pid, ...files });
  return followDetached(ctx, child.pid, files);
}

/** Follows a detached step until it ends, passing its output on; resumes where the outbox left off. */
export async function followDetached(ctx: CommandContext, pid: number, files: DetachedFiles): Promise<ExitStatus> {
  let offset = ctx.cursor() ?? 0;
  for (let poll = 0; ; poll += 1) {
    let exitCode = readExitCode(files.exitFile);
    // The exit file is the usual end; checking the group (a ps call) is only for a shell that was killed.
    const gone = exitCode === null && poll % LIVENESS_EVERY_POLLS === 0 && !isGroupAlive(pid);
    if (gone) exitCode = readExitCode(files.exitFile);
    const ended = exitCode !== null || gone;
    offset = readNewLines(ctx, files.outputFile, offset, ended);
    if (exitCode !== null) return { exitCode, signal: null, spawnError: null };
    if (gone) {
      if (!ctx.stopped) ctx.note("the detached process ended without recording its exit code");
      return { exitCode: null, signal: null, spawnError: null };
    }
    await sleep(POLL_MS);
  }
}

function readExitCode(file: string): number | null {
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
