import type { BulkRunView } from "@/lib/protocol/browser";

type Listener = () => void;

/**
 * The bulk run the fleet page shows: the newest one it heard of (its own request's reply, or a
 * `bulk:progress` from any browser), until the user dismisses it. Progress of an older run does not
 * replace a newer one.
 */
export class BulkStore {
  private current: BulkRunView | null = null;
  private dismissed = new Set<string>();
  private readonly listeners = new Set<Listener>();

  getCurrent = (): BulkRunView | null => this.current;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(run: BulkRunView): void {
    if (this.dismissed.has(run.id)) return;
    const current = this.current;
    if (current && current.id !== run.id && current.startedAt > run.startedAt) return;
    if (current && current.id === run.id && current.finishedAt !== null && run.finishedAt === null) return;
    this.current = run;
    this.emit();
  }

  dismiss(): void {
    if (!this.current) return;
    this.dismissed.add(this.current.id);
    this.current = null;
    this.emit();
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
