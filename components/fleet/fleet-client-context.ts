"use client";

import { createContext, useContext, useSyncExternalStore } from "react";
import type { BulkRunView } from "@/lib/protocol/browser";
import type { FleetClient } from "./fleet-client";

/**
 * The tab's fleet client, provided by <FleetLiveProvider>. Apart from the provider so that the
 * components inside it (the output sheet among them) can read it without importing the provider
 * that renders them.
 */
export const FleetClientContext = createContext<FleetClient | null>(null);

export function useFleetClient(): FleetClient {
  const client = useContext(FleetClientContext);
  if (!client) throw new Error("useFleetClient must be used inside <FleetLiveProvider>");
  return client;
}

const noBulkRun = () => null;

/** The bulk run the page shows (the newest one), or null. */
export function useBulkRun(): BulkRunView | null {
  const { bulk } = useFleetClient();
  return useSyncExternalStore(bulk.subscribe, bulk.getCurrent, noBulkRun);
}
