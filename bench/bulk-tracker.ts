import type { BulkRunView } from "../lib/protocol/browser";

type Counts = BulkRunView["counts"];

/** Follows bulk runs through `bulk:progress` (and the request's own reply) until they finish. */
export class BulkTracker {
  private readonly runs = new Map<string, { counts: Counts; finishedAt: number | null }>();

  /** Feed every bulk:progress here (and each bulk:request reply). */
  seen(view: BulkRunView, at = Date.now()): void {
    const known = this.runs.get(view.id);
    this.runs.set(view.id, { counts: view.counts, finishedAt: known?.finishedAt ?? (view.finishedAt !== null ? at : null) });
  }

  /** When the last of the runs finished, or null if one has not. */
  finishedAt(ids: readonly string[]): number | null {
    let last = 0;
    for (const id of ids) {
      const finished = this.runs.get(id)?.finishedAt ?? null;
      if (finished === null) return null;
      last = Math.max(last, finished);
    }
    return last;
  }

  async waitFinished(ids: readonly string[], timeoutMs: number): Promise<number | null> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const finished = this.finishedAt(ids);
      if (finished !== null) return finished;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return null;
  }

  counts(ids: readonly string[]): Counts {
    const total = { running: 0, succeeded: 0, failed: 0, skipped: 0 };
    for (const id of ids) {
      const counts = this.runs.get(id)?.counts;
      if (!counts) continue;
      total.running += counts.running;
      total.succeeded += counts.succeeded;
      total.failed += counts.failed;
      total.skipped += counts.skipped;
    }
    return total;
  }
}

export function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
