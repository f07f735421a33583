import type { CommandType } from "@/lib/protocol/agent";
import type { BulkHostState, BulkRunView } from "@/lib/protocol/browser";
import { commandStateWords, commandTypeWords } from "./command-labels";

function hosts(count: number): string {
  return `${count} ${count === 1 ? "host" : "hosts"}`;
}

/** "Run switch on 3 hosts?" */
export function bulkConfirmTitle(type: CommandType, count: number): string {
  return `Run ${commandTypeWords(type)} on ${hosts(count)}?`;
}

/** "Run switch": the confirm button's name. */
export function bulkConfirmLabel(type: CommandType): string {
  return `Run ${commandTypeWords(type)}`;
}

/** "3 succeeded · 0 failed · 0 skipped" (and "· 2 running" while some are). */
export function bulkSummaryText(counts: BulkRunView["counts"]): string {
  const parts = [`${counts.succeeded} succeeded`, `${counts.failed} failed`, `${counts.skipped} skipped`];
  if (counts.running > 0) parts.unshift(`${counts.running} running`);
  return parts.join(" · ");
}

/** "switch on 3 hosts: running", "switch on 3 hosts: done". */
export function bulkRunTitle(run: Pick<BulkRunView, "type" | "hosts" | "finishedAt">): string {
  return `${commandTypeWords(run.type)} on ${hosts(run.hosts.length)}`;
}

/** How far the run is: ended commands and skipped hosts out of all hosts. */
export function bulkProgress(run: Pick<BulkRunView, "hosts" | "counts">): { done: number; total: number } {
  const { succeeded, failed, skipped } = run.counts;
  return { done: succeeded + failed + skipped, total: run.hosts.length };
}

/** A host's line in the run: "skipped: offline", "failed", "running". */
export function bulkHostStateWords(host: BulkHostState): string {
  if (host.state === "skipped") return host.reason ? `skipped: ${host.reason}` : "skipped";
  const words = commandStateWords(host.state);
  return host.reason && host.state !== "succeeded" ? `${words}: ${host.reason}` : words;
}
