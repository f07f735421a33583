"use client";

import { LayersIcon, XIcon } from "lucide-react";
import { useState } from "react";
import { CommandStateBadge } from "@/components/commands/command-state-badge";
import { useOpenOutput } from "@/components/output/output-panel-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { BulkHostState } from "@/lib/protocol/browser";
import { bulkHostStateWords, bulkProgress, bulkRunTitle, bulkSummaryText } from "@/lib/ui/bulk-labels";
import { cn } from "@/lib/ui/cn";
import { useBulkRun, useFleetClient } from "./fleet-client-context";

function BulkHostItem({ host }: { host: BulkHostState }) {
  const openOutput = useOpenOutput();
  return (
    <li data-bulk-host={host.name} data-bulk-state={host.state} className="flex min-w-0 items-center gap-2 rounded-md py-1 pl-2 pr-1 text-sm border-b border-border/60">
      <span className="min-w-0 flex-1 truncate font-medium">{host.name}</span>
      {host.state === "skipped" ? (
        <Badge variant="muted" title={host.reason ?? undefined}>
          {bulkHostStateWords(host)}
        </Badge>
      ) : (
        <CommandStateBadge state={host.state} />
      )}
      {host.commandId ? (
        <Button variant="ghost" size="xs" onClick={() => openOutput(host.commandId!, host.name)} aria-label={`Output of ${host.name}`}>
          Output
        </Button>
      ) : (
        <span className="w-[3.6rem]" aria-hidden />
      )}
    </li>
  );
}

/**
 * Each host of the run, open at first only for a short run. The items exist only while the list is
 * open: a run to 10,000 hosts would otherwise re-render 10,000 hidden items on every progress message.
 */
function BulkHostList({ hosts, summary }: { hosts: readonly BulkHostState[]; summary: string }) {
  const [open, setOpen] = useState(hosts.length <= 12);
  return (
    <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)} className="group px-4 pb-3 pt-2 sm:px-5">
      <summary className="cursor-pointer select-none rounded-sm text-xs text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50">
        {summary}
      </summary>
      {open && (
        <ul className="mt-1.5 grid max-h-64 gap-x-6 gap-y-0.5 overflow-y-auto sm:grid-cols-2 xl:grid-cols-3">
          {hosts.map((host) => (
            <BulkHostItem key={host.name} host={host} />
          ))}
        </ul>
      )}
    </details>
  );
}

/** The newest bulk run: a progress bar, the summary (succeeded / failed / skipped) and each host's state. */
export function BulkRunPanel() {
  const run = useBulkRun();
  const client = useFleetClient();
  if (!run) return null;
  const { done, total } = bulkProgress(run);
  const finished = run.finishedAt !== null;
  const percent = total === 0 ? 100 : Math.round((done / total) * 100);
  return (
    <section
      aria-labelledby={`bulk-${run.id}`}
      data-bulk-run={run.id}
      data-bulk-finished={finished}
      className="rounded-xl border border-border bg-card shadow-xs"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2 px-4 pb-2 pt-3 sm:px-5">
        <LayersIcon aria-hidden className="size-4 text-brand" />
        <h2 id={`bulk-${run.id}`} className="text-sm font-semibold first-letter:uppercase">
          {bulkRunTitle(run)}
        </h2>
        <span className="text-xs text-muted-foreground">
          {finished ? "finished" : "started"} <RelativeTime timestamp={run.finishedAt ?? run.startedAt} /> by {run.requestedBy}
        </span>
        <div className="ml-auto flex items-center gap-2">
          <p role="status" data-bulk-summary className="text-sm tabular-nums">
            {bulkSummaryText(run.counts)}
          </p>
          {finished && (
            <Button variant="ghost" size="icon" aria-label="Dismiss the bulk run" onClick={() => client.bulk.dismiss()}>
              <XIcon aria-hidden />
            </Button>
          )}
        </div>
      </div>
      <div
        role="progressbar"
        aria-label="Bulk run progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        className="mx-4 h-1.5 overflow-hidden rounded-full bg-muted sm:mx-5"
      >
        <div
          className={cn("h-full rounded-full transition-[width]", run.counts.failed > 0 ? "bg-danger" : finished ? "bg-success" : "bg-info")}
          style={{ width: `${percent}%` }}
        />
      </div>
      <BulkHostList key={run.id} hosts={run.hosts} summary={`${done} of ${total} done · each host`} />
    </section>
  );
}
