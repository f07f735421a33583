"use client";

import { ChevronLeftIcon, ChevronRightIcon, ScrollTextIcon } from "lucide-react";
import { useEffect, useState } from "react";
import { CommandStateBadge } from "@/components/commands/command-state-badge";
import { useOpenOutput } from "@/components/output/output-panel-provider";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { HistoryPage } from "@/lib/protocol/api";
import type { CommandSummary, HostView } from "@/lib/protocol/browser";
import { apiGet } from "@/lib/ui/api-client";
import { commandTypeLabel, formatDuration } from "@/lib/ui/command-labels";
import { pageInfo } from "@/lib/ui/pagination";

type Loaded = { page: number; data: HistoryPage } | { page: number; error: string };

function HistoryEntry({ command, hostName }: { command: CommandSummary; hostName: string }) {
  const openOutput = useOpenOutput();
  return (
    <li
      data-history-command={command.id}
      className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-4 gap-y-1 px-4 py-2.5 sm:px-5 md:grid-cols-[8rem_minmax(9rem,1fr)_7rem_6rem_6rem_auto]"
    >
      <span className="text-sm font-medium">{commandTypeLabel(command.type)}</span>
      <span className="flex min-w-0 flex-wrap items-center gap-2 max-md:justify-self-end">
        <CommandStateBadge state={command.state} />
        {command.exitCode !== null && <span className="font-mono text-xs text-muted-foreground">exit {command.exitCode}</span>}
      </span>
      <span className="truncate text-xs text-muted-foreground" title={command.reason ?? undefined}>
        by {command.requestedBy}
      </span>
      <span className="text-xs text-muted-foreground max-md:justify-self-end">
        <RelativeTime timestamp={command.createdAt} />
      </span>
      <span className="text-xs tabular-nums text-muted-foreground">
        {command.durationMs !== null ? formatDuration(command.durationMs) : "–"}
      </span>
      <Button
        variant="ghost"
        size="xs"
        className="max-md:justify-self-end"
        onClick={() => openOutput(command.id, hostName)}
        aria-label={`Output of ${commandTypeLabel(command.type)}, ${new Date(command.createdAt).toISOString()}`}
      >
        <ScrollTextIcon aria-hidden />
        Output
      </Button>
    </li>
  );
}

/**
 * Every command of the host, newest first, a page at a time; the list reloads when the host's
 * latest command starts or changes state.
 */
export function CommandHistory({ host }: { host: HostView }) {
  const [page, setPage] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const latest = host.lastCommand ? `${host.lastCommand.id}:${host.lastCommand.state}` : "";

  useEffect(() => {
    const controller = new AbortController();
    void apiGet<HistoryPage>(`/api/hosts/${encodeURIComponent(host.name)}?page=${page}`, { signal: controller.signal }).then((result) => {
      if (controller.signal.aborted) return;
      setLoaded(result.ok ? { page, data: result.value } : { page, error: result.error.message });
    });
    return () => controller.abort();
  }, [host.name, page, latest]);

  const data = loaded && "data" in loaded ? loaded.data : null;
  const info = data ? pageInfo(data.page, data.pageSize, data.total) : null;
  return (
    <section aria-labelledby="history-title" className="rounded-xl border border-border bg-card shadow-xs">
      <div className="flex flex-wrap items-center gap-2 border-b border-border px-4 py-2.5 sm:px-5">
        <h2 id="history-title" className="text-sm font-semibold">
          History
        </h2>
        {info && info.total > 0 && (
          <span className="text-xs text-muted-foreground">
            {info.from}–{info.to} of {info.total}
          </span>
        )}
        {info && info.pageCount > 1 && (
          <div className="ml-auto flex items-center gap-1">
            <Button variant="outline" size="xs" disabled={!info.hasPrevious} onClick={() => setPage(info.page - 1)}>
              <ChevronLeftIcon aria-hidden />
              Newer
            </Button>
            <Button variant="outline" size="xs" disabled={!info.hasNext} onClick={() => setPage(info.page + 1)}>
              Older
              <ChevronRightIcon aria-hidden />
            </Button>
          </div>
        )}
      </div>
      {loaded && "error" in loaded ? (
        <p role="alert" className="px-4 py-3 text-sm text-danger-foreground sm:px-5">
          Cannot load the history: {loaded.error}
        </p>
      ) : !data ? (
        <p className="px-4 py-3 text-sm text-muted-foreground sm:px-5">Loading…</p>
      ) : data.commands.length === 0 ? (
        <p className="px-4 py-3 text-sm text-muted-foreground sm:px-5">No commands yet. Run one with the buttons above.</p>
      ) : (
        <ul aria-label="Commands" className="divide-y divide-border">
          {data.commands.map((command) => (
            <HistoryEntry key={command.id} command={command} hostName={host.name} />
          ))}
        </ul>
      )}
    </section>
  );
}
