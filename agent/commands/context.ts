import type { AgentResultState, CommandType, Preview, RollbackInfo, TestProgress } from "../../lib/protocol/index";
import type { CommandJournal, JournalEntry } from "../journal";
import type { Logger } from "../log";
import type { ChunkInput, Outbox } from "../outbox";
import { spawnInGroup, terminateGroup, type ExitStatus } from "../process-group";

/** How a command ended, before the runner turns it into the protocol's result. */
export interface CommandOutcome {
  state: AgentResultState;
  exitCode: number | null;
  tests?: TestProgress[];
  preview?: Preview;
  /** Set with `rolled-back`. */
  rollback?: RollbackInfo;
}

export interface StepOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Shown in the output as the command line, instead of the program and its arguments; false: nothing. */
  display?: string | false;
  /** Also hands each line to the caller, for a step whose output the command reads. */
  onLine?: (stream: "stdout" | "stderr", line: string) => void;
}

/**
 * What a running command can do: write output (through the outbox, so nothing is lost), run steps
 * as process groups (recorded in the journal, so a restarted agent finds them), and learn that it
 * was stopped.
 */
export class CommandContext {
  private readonly controller = new AbortController();
  private runningPid: number | null = null;
  private termination: Promise<void> = Promise.resolve();

  constructor(
    private entry: JournalEntry,
    private readonly outbox: Outbox,
    private readonly journal: CommandJournal,
    readonly stopGraceMs: number,
    readonly log: Logger,
  ) {}

  get id(): string {
    return this.entry.id;
  }

  get type(): CommandType {
    return this.entry.type;
  }

  get startedAt(): number {
    return this.entry.startedAt;
  }

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  output(stream: ChunkInput["stream"], line: string, test?: TestProgress, cursor?: number): void {
    this.outbox.append(this.id, [test ? { stream, line, test } : { stream, line }], cursor);
  }

  /** The agent's own words in the output: what it runs, test progress, why something failed. */
  note(line: string, test?: TestProgress): void {
    this.output("system", line, test);
  }

  /** Records progress in the journal (atomically), so a restart knows where the command was. */
  updateJournal(changes: Partial<Omit<JournalEntry, "id" | "type" | "startedAt">>): void {
    this.entry = { ...this.entry, ...changes };
    this.journal.write(this.entry);
  }

  /** Where a followed output file was read up to, as committed with the lines read from it. */
  cursor(): number | null {
    return this.outbox.cursor(this.id);
  }

  /** The journal entry as it stands. */
  get journalEntry(): JournalEntry {
    return this.entry;
  }

  /** A detached step runs, or is starting (its output goes to a file, not through the agent). */
  get inDetachedStep(): boolean {
    return this.entry.outputFile !== null;
  }

  /**
   * Adopts a process group the agent did not start itself (a detached step, or one found running
   * after a restart), so `stop` can reach it; a stop asked for before it was known reaches it now.
   */
  adopt(pid: number): void {
    this.runningPid = pid;
    if (this.stopped) this.termination = terminateGroup(pid, this.stopGraceMs);
  }

  /** Runs one program as its own process group, streaming its lines; `stop` ends the whole group. */
  async run(step: string, command: string, args: readonly string[], options: StepOptions = {}): Promise<ExitStatus> {
    if (this.stopped) return { exitCode: null, signal: null, spawnError: null };
    if (options.display !== false) this.note(`$ ${options.display ?? [command, ...args].join(" ")}`);
    const child = spawnInGroup(command, args, {
      cwd: options.cwd,
      env: options.env,
      onLine: (stream, line) => {
        this.output(stream, line);
        options.onLine?.(stream, line);
      },
    });
    if (child.pid !== null) {
      this.runningPid = child.pid;
      this.updateJournal({ step, pid: child.pid, outputFile: null, exitFile: null });
    }
    const status = await child.exited;
    this.runningPid = null;
    if (child.pid !== null) this.updateJournal({ pid: null });
    if (status.spawnError !== null) this.note(status.spawnError);
    else if (status.signal !== null && !this.stopped) this.note(`${command} was ended by ${status.signal}`);
    return status;
  }

  /**
   * Stop: SIGTERM to the running step's whole group, SIGKILL after the grace period. Steps not yet
   * started will not start.
   */
  async stop(): Promise<void> {
    if (!this.stopped) {
      this.controller.abort();
      this.updateJournal({ stopRequested: true });
      this.note("stop requested: ending the command's processes");
    }
    if (this.runningPid !== null) this.termination = terminateGroup(this.runningPid, this.stopGraceMs);
    await this.termination;
  }

  /** Resolves once the process group a stop went after is gone (at once when nothing was stopped). */
  terminated(): Promise<void> {
    return this.termination;
  }
}

/** The usual mapping of a finished step: 0 succeeded, stopped cancelled, anything else failed. */
export function outcomeOf(status: ExitStatus, stopped: boolean): CommandOutcome {
  if (stopped) return { state: "cancelled", exitCode: status.exitCode };
  if (status.exitCode === 0) return { state: "succeeded", exitCode: 0 };
  return { state: "failed", exitCode: status.exitCode ?? (status.spawnError !== null ? 127 : null) };
}
