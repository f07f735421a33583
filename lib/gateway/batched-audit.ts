import type { AuditEntry } from "../store/audit";

/**
 * Writes audit entries that many sockets record at about the same time (the bootstrap tokens of a
 * reconnect storm) with one insert per short window instead of one insert each. `record` resolves
 * once its entry is stored, so a caller still answers only after its audit entry exists.
 */
export class BatchedAudit {
  private pending: { entry: AuditEntry; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly write: (entries: AuditEntry[]) => Promise<void>,
    private readonly windowMs = 20,
    private readonly maxEntries = 500,
  ) {}

  record(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ entry, resolve, reject });
      if (this.pending.length >= this.maxEntries) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.write(batch.map((item) => item.entry)).then(
      () => batch.forEach((item) => item.resolve()),
      (error: unknown) => batch.forEach((item) => item.reject(error)),
    );
  }
}
