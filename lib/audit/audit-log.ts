import { Batcher } from "../batcher";
import type { AuditAction } from "../protocol/constants";

export interface AuditEntry {
  /** Who acted: a user name, or `agent:<host>` for what an agent did by itself. */
  actor: string;
  action: AuditAction;
  target?: string;
  sourceIp?: string;
  detail?: Record<string, string | number | boolean | null>;
}

export type AuditWriter = (entries: AuditEntry[]) => Promise<void>;

/** An insert of this many entries stays under SQLite's and PostgreSQL's limits on bound values. */
const MAX_ENTRIES_PER_INSERT = 500;

/**
 * The one way an audit entry is written: services record, the log stores. Entries recorded close
 * together (the bootstrap tokens of a reconnect storm, a bulk run's commands) share one insert;
 * `record` resolves once its entry is stored, so a caller answers only after its entry exists.
 */
export class AuditLog {
  private readonly batcher: Batcher<AuditEntry, void>;

  constructor(write: AuditWriter, windowMs = 20) {
    this.batcher = new Batcher(async (entries) => {
      await write(entries);
      return entries.map(() => undefined);
    }, windowMs, MAX_ENTRIES_PER_INSERT);
  }

  record(entry: AuditEntry): Promise<void> {
    return this.batcher.run(entry);
  }

  recordMany(entries: readonly AuditEntry[]): Promise<void> {
    return Promise.all(entries.map((entry) => this.batcher.run(entry))).then(() => undefined);
  }
}
