import { errorMessage, type LogFields, type Logger } from "./log";

/** One line per kind of failure per minute is enough to see it; 11,531 a minute buries everything else. */
const PERIOD_MS = 60_000;

/**
 * Logs a repeating failure (a full or read-only disk) at most once per kind (the error code) per
 * period, with how many happened since the last line, and once more when the failures stop.
 */
export class FailureLog {
  private readonly kinds = new Map<string, { loggedAt: number; unlogged: number }>();
  private failuresSinceRecovery = 0;

  constructor(
    private readonly log: Logger,
    private readonly event: string,
    /** What happens meanwhile, for whoever reads the line. */
    private readonly hint: string,
    private readonly now: () => number = Date.now,
  ) {}

  failed(error: unknown, fields: LogFields): void {
    const kind = (error as NodeJS.ErrnoException | null)?.code ?? "error";
    this.failuresSinceRecovery += 1;
    const entry = this.kinds.get(kind);
    if (entry !== undefined && this.now() - entry.loggedAt < PERIOD_MS) {
      entry.unlogged += 1;
      return;
    }
    const count = (entry?.unlogged ?? 0) + 1;
    this.kinds.set(kind, { loggedAt: this.now(), unlogged: 0 });
    this.log.error(this.event, { ...fields, kind, error: errorMessage(error), count, hint: this.hint });
  }

  /** A write worked again: says so once, with how many failed meanwhile. */
  recovered(fields: LogFields = {}): void {
    if (this.failuresSinceRecovery === 0) return;
    this.log.info(`${this.event.replace(/_failed$/, "")}_recovered`, { ...fields, failures: this.failuresSinceRecovery });
    this.failuresSinceRecovery = 0;
    this.kinds.clear();
  }
}
