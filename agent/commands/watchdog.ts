import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sleep } from "../process-group";
import type { SwitchLauncher } from "../platforms/index";
import type { CommandContext } from "./context";
import { launchShell, type DetachedFiles } from "./detached";

/**
 * The watchdog of confirm-or-revert (README "Safety model"): a small sh script started before the
 * switch, outside the agent's process tree and unit (a transient unit, or a session of its own), so
 * that neither a restart of the agent nor an agent the switch broke ends it. It waits for the switch
 * to end, then `timeout` seconds for the agent to decide; without a decision it switches back itself
 * and writes its verdict for the agent to report. The decision is a directory that exactly one side
 * creates (mkdir is atomic): the agent standing down, or the watchdog reverting. A watchdog that
 * stands down removes its files itself; after a revert, the agent removes them with the verdict.
 *
 * Arguments: the switch's exit file and pid file, the timeout, the decision directory, the verdict
 * file, the watchdog's log, then the revert command.
 */
export const WATCHDOG_SCRIPT = `exit_file=$1; pid_file=$2; timeout=$3; decision=$4; verdict=$5; log=$6; shift 6
say() { echo "watchdog: $*" >>"$log"; }
stand_down() { rm -rf "$decision" "$log"; exit 0; }
say "waiting for the switch to end"
while [ ! -f "$exit_file" ]; do
  # The agent's state directory is gone (the agent was removed): nothing is left to guard or report.
  [ -d "\${exit_file%/*}" ] || exit 0
  [ -d "$decision" ] && stand_down
  if [ -f "$pid_file" ] && ! kill -0 "$(cat "$pid_file")" 2>/dev/null && [ ! -f "$exit_file" ]; then break; fi
  sleep 1
done
say "the switch ended; waiting $timeout s for the dashboard's confirmation"
waited=0
while [ "$waited" -lt "$timeout" ]; do
  [ -d "$decision" ] && stand_down
  sleep 1
  waited=$((waited + 1))
done
mkdir "$decision" 2>/dev/null || stand_down
echo watchdog >"$decision/by"
reason="no confirmation from the dashboard within $timeout s after the switch"
say "$reason: switching back"
"$@" >>"$log" 2>&1
code=$?
say "switching back ended with exit code $code"
printf 'exit=%s\\nreason=%s\\n' "$code" "$reason" >"$verdict.tmp" && mv "$verdict.tmp" "$verdict"`;

export interface WatchdogFiles {
  decision: string;
  verdict: string;
  log: string;
}

export function watchdogFiles(stateDir: string, commandId: string): WatchdogFiles {
  const file = (extension: string) => path.join(stateDir, "detached", `${commandId}.watchdog-${extension}`);
  return { decision: file("decision"), verdict: file("verdict"), log: file("log") };
}

/** Once the watchdog has given its verdict it has ended: its files go (a running one cleans up itself). */
export function removeWatchdogFiles(files: WatchdogFiles): void {
  if (readVerdict(files) === null) return;
  try {
    for (const file of Object.values(files)) rmSync(file, { recursive: true, force: true });
  } catch {
    // Leftovers of a command already delivered: harmless.
  }
}

export interface WatchdogStart {
  launcher: SwitchLauncher;
  timeoutSeconds: number;
  /** The switch the watchdog waits for. */
  switchFiles: DetachedFiles;
  /** The `sh` arguments that switch back (revert.ts). */
  revert: readonly string[];
}

/** Starts the watchdog; an error means it is not running (the switch must not run either). */
export async function startWatchdog(ctx: CommandContext, files: WatchdogFiles, start: WatchdogStart): Promise<{ error: string } | null> {
  writeFileSync(files.log, "", { mode: 0o600 });
  const args = [
    WATCHDOG_SCRIPT,
    "nixfleet-watchdog",
    start.switchFiles.exitFile,
    start.switchFiles.pidFile,
    String(start.timeoutSeconds),
    files.decision,
    files.verdict,
    files.log,
    "sh",
    ...start.revert,
  ];
  const started = await launchShell(ctx, start.launcher, `nixfleet-watchdog-${ctx.id}`, args);
  return "error" in started ? started : null;
}

/**
 * The agent's decision: stand the watchdog down. "stood-down" when it is the agent's (now or
 * before a restart), "watchdog" when the watchdog decided first and is switching back.
 */
export async function standDown(files: WatchdogFiles): Promise<"stood-down" | "watchdog"> {
  try {
    mkdirSync(files.decision);
  } catch {
    // The directory exists: read who made it (its maker writes `by` right after mkdir).
    for (let attempt = 0; attempt < 20; attempt += 1) {
      // Gone: a watchdog that stood down removed it (it removes it only then).
      if (!existsSync(files.decision)) return "stood-down";
      const by = readText(path.join(files.decision, "by"));
      if (by !== null) return by === "agent" ? "stood-down" : "watchdog";
      await sleep(100);
    }
    return "watchdog";
  }
  try {
    writeFileSync(path.join(files.decision, "by"), "agent\n");
  } catch {
    // The watchdog saw the decision and removed it already: it has stood down.
  }
  return "stood-down";
}

export interface Verdict {
  exitCode: number;
  reason: string;
}

/** The watchdog's verdict once it has switched back; null until then. */
export function readVerdict(files: WatchdogFiles): Verdict | null {
  const text = readText(files.verdict);
  if (text === null) return null;
  const exit = /^exit=(\d+)$/m.exec(text)?.[1];
  const reason = /^reason=(.*)$/m.exec(text)?.[1];
  return exit === undefined || reason === undefined ? null : { exitCode: Number(exit), reason };
}

/** The watchdog's log lines, for the command's output. */
export function watchdogLog(files: WatchdogFiles): string[] {
  return (readText(files.log) ?? "").split("\n").filter((line) => line.length > 0);
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return null;
  }
}
