"use client";

import { GitBranchIcon, GitCommitHorizontalIcon, RefreshCwIcon, TargetIcon, TriangleAlertIcon } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { FleetTargetState } from "@/lib/protocol/browser";
import { cn } from "@/lib/ui/cn";
import { commitUrl, shortCommit } from "@/lib/ui/target-labels";
import { useRoleRefusal } from "@/components/auth/signed-in-context";
import { useFleetClient } from "./fleet-client-context";
import { useFleetSummary, useFleetTarget } from "./fleet-store-context";

function RefreshButton() {
  const client = useFleetClient();
  const [busy, setBusy] = useState(false);
  const refusal = useRoleRefusal("operator", "refresh the fleet target");
  const refresh = async () => {
    setBusy(true);
    await client.refreshTarget();
    setBusy(false);
  };
  return (
    <Button variant="outline" size="sm" onClick={refresh} disabled={busy || refusal !== null} title={refusal ?? "Fetch version.json now"}>
      <RefreshCwIcon aria-hidden className={cn(busy && "animate-spin")} />
      Refresh
    </Button>
  );
}

function NotConfigured() {
  return (
    <div className="flex flex-col gap-2 text-sm">
      <p className="text-muted-foreground">
        No fleet target is set, so NixFleet cannot tell which hosts are behind your repository (G stays grey). Publish a{" "}
        <code className="font-mono text-foreground">version.json</code> from your configuration repository&apos;s CI and
        point the dashboard at it:
      </p>
      <pre className="overflow-x-auto rounded-md border border-border bg-muted/40 px-3 py-2 font-mono text-xs text-foreground">
        NIXFLEET_VERSION_URL=https://you.github.io/nixcfg/version.json
      </pre>
      <p className="text-xs text-muted-foreground">
        It holds <code className="font-mono">gitCommit</code>, <code className="font-mono">branch</code>,{" "}
        <code className="font-mono">message</code>, <code className="font-mono">timestamp</code> and optionally{" "}
        <code className="font-mono">lockHash</code>; the README shows a GitHub Action that writes it. Restart the dashboard
        after setting the variable.
      </p>
    </div>
  );
}

function StaleBadge({ reason }: { reason: string }) {
  return (
    <Badge variant="warning" title={reason} data-target-stale>
      <TriangleAlertIcon aria-hidden />
      Stale
      <span className="sr-only">: {reason}</span>
    </Badge>
  );
}

function TargetDetails({ state }: { state: FleetTargetState }) {
  const { behind, total } = useFleetSummary();
  const target = state.target;
  if (!target) {
    return (
      <p className="text-sm text-muted-foreground">
        {state.staleReason ? `Could not fetch version.json: ${state.staleReason}` : "Fetching version.json…"}
      </p>
    );
  }
  const link = commitUrl(target.repo, target.gitCommit);
  const commit = <span className="font-mono text-[0.8125rem] font-medium text-foreground">{shortCommit(target.gitCommit)}</span>;
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <div className="flex min-w-0 flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <span className="flex items-center gap-1.5" title={target.gitCommit}>
          <GitCommitHorizontalIcon aria-hidden className="size-4 text-muted-foreground" />
          <span className="sr-only">Commit </span>
          {link ? (
            <a href={link} target="_blank" rel="noreferrer noopener" className="rounded-sm hover:underline">
              {commit}
            </a>
          ) : (
            commit
          )}
        </span>
        {target.branch && (
          <span className="flex items-center gap-1.5">
            <GitBranchIcon aria-hidden className="size-4 text-muted-foreground" />
            <span className="sr-only">Branch </span>
            <span className="font-mono text-[0.8125rem]">{target.branch}</span>
          </span>
        )}
        <span className="text-muted-foreground">
          committed <RelativeTime timestamp={target.timestamp} />
        </span>
        <span className="text-muted-foreground">
          agents should run <span className="font-mono text-foreground">{state.agentVersion}</span>
        </span>
      </div>
      {target.message && (
        <p className="line-clamp-2 break-words text-sm text-foreground/90" title={target.message}>
          {target.message}
        </p>
      )}
      <p className="text-xs text-muted-foreground">
        {total > 0 && (
          <>
            <span className={cn("font-medium", behind > 0 ? "text-warning-foreground" : "text-success-foreground")}>
              {behind === 0 ? "Every host is on it" : `${behind} of ${total} ${total === 1 ? "host is" : "hosts are"} behind`}
            </span>
            {" · "}
          </>
        )}
        {state.fetchedAt !== null && (
          <>
            checked <RelativeTime timestamp={state.fetchedAt} />
          </>
        )}
      </p>
    </div>
  );
}

/** The commit the fleet should be on (from version.json), how fresh that is, and a way to check now. */
export function FleetTargetCard() {
  const state = useFleetTarget();
  return (
    <section aria-labelledby="fleet-target-title" data-fleet-target className="rounded-xl border border-border bg-card px-4 py-3.5 shadow-xs sm:px-5">
      <div className="flex flex-wrap items-start gap-x-4 gap-y-3">
        <div className="flex min-w-0 flex-1 flex-col gap-2">
          <div className="flex items-center gap-2">
            <TargetIcon aria-hidden className="size-4 text-brand" />
            <h2 id="fleet-target-title" className="text-sm font-semibold">
              Fleet target
            </h2>
            {state?.staleReason && state.target && <StaleBadge reason={state.staleReason} />}
          </div>
          {state === null ? (
            <p className="text-sm text-muted-foreground">Loading…</p>
          ) : state.configured ? (
            <TargetDetails state={state} />
          ) : (
            <NotConfigured />
          )}
        </div>
        {state?.configured && <RefreshButton />}
      </div>
    </section>
  );
}
