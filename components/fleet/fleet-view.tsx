"use client";

import { SearchXIcon } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import type { CommandType } from "@/lib/protocol/agent";
import { DEFAULT_FLEET_FILTER, StableNames, selectHostNames, type FleetFilter } from "@/lib/ui/fleet-filter";
import { SelectionStore } from "@/lib/ui/selection-store";
import { BulkBar, FleetActionsMenu } from "./bulk-bar";
import { FleetRolloutDialog, RollOutButton } from "./fleet-rollout";
import { BulkConfirmDialog, type BulkIntent } from "./bulk-confirm-dialog";
import { BulkRunPanel } from "./bulk-run-panel";
import { ConnectionIndicator } from "./connection-indicator";
import { DashboardHealthBanner } from "./dashboard-health-banner";
import { FleetEmptyState } from "./fleet-empty-state";
import { FleetLiveProvider } from "./fleet-live-provider";
import { useFleetLoaded, useFleetStore, useHostNames, useListVersion } from "./fleet-store-context";
import { FleetSummary } from "./fleet-summary";
import { FleetTargetCard } from "./fleet-target-card";
import { FleetToolbar } from "./fleet-toolbar";
import { HostTable } from "./host-table";
import { HostTableSkeleton } from "./host-table-skeleton";
import { SelectionProvider, useSelectionStore } from "./selection-context";

type RunBulk = (type: CommandType, hosts: readonly string[]) => void;

function FleetHeader({ onRunFleet, onRollOut }: { onRunFleet: RunBulk; onRollOut: () => void }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-x-6 gap-y-3">
      <div className="flex flex-col gap-1.5">
        <h1 className="text-xl font-semibold tracking-tight">Fleet</h1>
        <FleetSummary />
      </div>
      <div className="flex items-center gap-2">
        <ConnectionIndicator />
        <RollOutButton onClick={onRollOut} />
        <FleetActionsMenu onRun={onRunFleet} />
      </div>
    </div>
  );
}

/**
 * The names the table shows: the filter runs again only when the filter changes or the store says
 * something it reads changed (never for a heartbeat), and an unchanged result keeps its identity.
 */
function useVisibleNames(filter: FleetFilter): readonly string[] {
  const store = useFleetStore();
  const version = useListVersion();
  const [stable] = useState(() => new StableNames());
  return useMemo(
    () => stable.keep(selectHostNames(store.getHosts(), filter)),
    // `version` is what tells that the hosts' listing fields changed: the store is mutable.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [stable, store, filter, version],
  );
}

/** A host that leaves the fleet leaves the selection too. */
function useSelectionFollowsFleet() {
  const names = useHostNames();
  const selection = useSelectionStore();
  useEffect(() => selection.retain(new Set(names)), [names, selection]);
}

function NoMatches({ onClear }: { onClear: () => void }) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed border-border bg-card px-6 py-10 text-center">
      <SearchXIcon aria-hidden className="size-5 text-muted-foreground" />
      <p className="text-sm text-muted-foreground">No host matches these filters.</p>
      <Button variant="outline" size="sm" onClick={onClear}>
        Clear filters
      </Button>
    </div>
  );
}

function FleetBody() {
  const loaded = useFleetLoaded();
  const empty = useHostNames().length === 0;
  const [filter, setFilter] = useState<FleetFilter>(DEFAULT_FLEET_FILTER);
  const names = useVisibleNames(filter);
  useSelectionFollowsFleet();
  // A large fleet's first rows show before the whole snapshot is in (see FleetStore.applySnapshotPart).
  if (empty) return loaded ? <FleetEmptyState /> : <HostTableSkeleton />;
  return (
    <>
      <FleetToolbar filter={filter} onChange={setFilter} />
      <BulkRunPanel />
      {names.length === 0 ? (
        <NoMatches onClear={() => setFilter({ ...DEFAULT_FLEET_FILTER, sort: filter.sort })} />
      ) : (
        <HostTable names={names} sort={filter.sort} />
      )}
    </>
  );
}

function FleetPage() {
  const [selection] = useState(() => new SelectionStore());
  const [intent, setIntent] = useState<BulkIntent | null>(null);
  const [rollingOut, setRollingOut] = useState(false);
  return (
    <SelectionProvider store={selection}>
      <div className="flex flex-col gap-4 pb-20">
        <FleetHeader onRunFleet={(type, hosts) => setIntent({ type, hosts, scope: "fleet" })} onRollOut={() => setRollingOut(true)} />
        <DashboardHealthBanner />
        <FleetTargetCard />
        <FleetBody />
      </div>
      <BulkBar onRun={(type, hosts) => setIntent({ type, hosts, scope: "selection" })} onRollOut={() => setRollingOut(true)} />
      <BulkConfirmDialog intent={intent} onClose={() => setIntent(null)} />
      {rollingOut && <FleetRolloutDialog onClose={() => setRollingOut(false)} />}
    </SelectionProvider>
  );
}

/** The live fleet page: one socket, one store, rows that each follow their own host. */
export function FleetView() {
  return (
    <FleetLiveProvider>
      <FleetPage />
    </FleetLiveProvider>
  );
}
