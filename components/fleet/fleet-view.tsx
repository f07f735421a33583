"use client";

import { useState } from "react";
import { FleetStore } from "@/lib/ui/fleet-store";
import { ConnectionIndicator } from "./connection-indicator";
import { FleetEmptyState } from "./fleet-empty-state";
import { FleetStoreProvider, useFleetLoaded, useHostNames } from "./fleet-store-context";
import { FleetSummary } from "./fleet-summary";
import { HostTable } from "./host-table";
import { HostTableSkeleton } from "./host-table-skeleton";
import { useFleetSocket } from "./use-fleet-socket";

function FleetHeader() {
  return (
    <div className="flex flex-wrap items-end justify-between gap-x-6 gap-y-3">
      <div className="flex flex-col gap-1.5">
        <h1 className="text-xl font-semibold tracking-tight">Fleet</h1>
        <FleetSummary />
      </div>
      <ConnectionIndicator />
    </div>
  );
}

function FleetBody() {
  const loaded = useFleetLoaded();
  const empty = useHostNames().length === 0;
  if (!loaded) return <HostTableSkeleton />;
  if (empty) return <FleetEmptyState />;
  return <HostTable />;
}

/** The live fleet page: one socket, one store, rows that each follow their own host. */
export function FleetView() {
  const [store] = useState(() => new FleetStore());
  useFleetSocket(store);
  return (
    <FleetStoreProvider store={store}>
      <div className="flex flex-col gap-5">
        <FleetHeader />
        <FleetBody />
      </div>
    </FleetStoreProvider>
  );
}
