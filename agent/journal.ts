import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { COMMAND_TYPES, rollbackInfoSchema } from "../lib/protocol/index";
import { writeFileAtomic } from "./atomic-file";
import { HEALTH_GATES } from "./commands/health-gate";
import { FailureLog } from "./failure-log";
import { errorMessage, type Logger } from "./log";

/**
 * The pending-command journal: what the agent is running, so that an agent that restarts (a crash,
 * or launchd reloading it during `home-manager switch`) can find the command again, follow it if it
 * still runs, and report how it ended. One command runs at a time, so the journal holds at most one.
 * Its result is not kept here: once known, the result goes to the outbox, which keeps it until the
 * dashboard stored it, and the journal entry is cleared.
 */
/**
 * Where a switch (or a rollback: the same safety net) under confirm-or-revert stands (README "Safety
 * model"), in order:
 * - `recorded`: the generation to return to is recorded; the watchdog may be starting, the switch is not.
 * - `switching`: the watchdog waits; the switch runs (detached).
 * - `awaiting-confirm`: the switch ended; the agent must confirm over a new connection before `deadline`.
 * - `confirmed`: the dashboard confirmed and the watchdog stood down; the health gate may run.
 * - `reverting`: the agent itself switches back (the host's tests failed).
 * - `rolled-back`: the host is back on `previous`; `rollback` says why, for the result.
 */
export const SWITCH_PHASES = ["recorded", "switching", "awaiting-confirm", "confirmed", "reverting", "rolled-back"] as const;
export type SwitchPhase = (typeof SWITCH_PHASES)[number];

const switchSafetySchema = z.object({
  phase: z.enum(SWITCH_PHASES),
  /** The generation running before the switch: what a revert returns to. */
  previous: z.object({ number: z.number().int().positive(), storePath: z.string(), link: z.string() }),
  timeoutSeconds: z.number().int().positive(),
  /** Unix ms by which the confirmation must come; set when the switch ended. */
  deadline: z.number().int().nonnegative().nullable(),
  /** The generation the switch made, once known (a rollback knows it from the start: its target). */
  switchedTo: z.number().int().positive().nullable(),
  /** The switch's exit code once it ended (-1: it ended without one). */
  switchExitCode: z.number().int().nullable(),
  rollback: rollbackInfoSchema.nullable(),
  /** Whether the host's tests run after the confirmation (commands/health-gate.ts); older journals: on. */
  healthGate: z.enum(HEALTH_GATES).default("on"),
});
export type SwitchSafety = z.infer<typeof switchSafetySchema>;

const journalEntrySchema = z.object({
  id: z.string(),
  type: z.enum(COMMAND_TYPES),
  startedAt: z.number().int().nonnegative(),
  /** The step being run, e.g. "pull" then "switch" for pull-switch. */
  step: z.string(),
  /** Process group of the running step; null between steps. */
  pid: z.number().int().positive().nullable(),
  /** Set for a step started detached with its output in a file (darwin's home-manager switch). */
  outputFile: z.string().nullable(),
  /** Where the detached step's shell writes the exit code when it ends. */
  exitFile: z.string().nullable(),
  /** `stop` was asked for: a step that ends now was cancelled, not failed. */
  stopRequested: z.boolean(),
  /** Set for a switch under confirm-or-revert; absent in journals of older agents. */
  safety: switchSafetySchema.nullable().default(null),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

const journalFileSchema = z.object({ version: z.literal(1), command: journalEntrySchema.nullable() });

export class CommandJournal {
  readonly file: string;
  private readonly failures: FailureLog;

  constructor(
    stateDir: string,
    private readonly log: Logger,
  ) {
    this.file = path.join(stateDir, "journal.json");
    this.failures = new FailureLog(log, "journal.write_failed", "the command goes on; an agent restarted meanwhile would not find it");
  }

  read(): JournalEntry | null {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch {
      return null;
    }
    try {
      return journalFileSchema.parse(JSON.parse(text)).command;
    } catch (error) {
      this.log.error("journal.unreadable", { file: this.file, error: errorMessage(error) });
      return null;
    }
  }

  write(entry: JournalEntry): void {
    this.save(entry);
  }

  clear(): void {
    this.save(null);
  }

  /**
   * A disk that refuses the write (full, read-only) must not stop the command: it goes on, and only
   * an agent restart meanwhile would not find it again.
   */
  private save(command: JournalEntry | null): void {
    try {
      writeFileAtomic(this.file, JSON.stringify({ version: 1, command }));
      this.failures.recovered({ file: this.file });
    } catch (error) {
      this.failures.failed(error, { file: this.file });
    }
  }
}
