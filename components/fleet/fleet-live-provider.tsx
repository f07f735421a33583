"use client";

import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import { OutputPanelProvider } from "@/components/output/output-panel-provider";
import { IconSprite } from "@/components/ui/icon-sprite";
import { Toaster } from "@/components/ui/toaster";
import type { BulkRunView } from "@/lib/protocol/browser";
import type { FleetClient } from "./fleet-client";
import { FleetStoreProvider } from "./fleet-store-context";
import { fleetClientForPage, preconnectFleet, retainFleetConnection } from "./shared-fleet-client";

preconnectFleet();

const FleetClientContext = createContext<FleetClient | null>(null);

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

/**
 * The live fleet for a page: the tab's one connection (the fleet store, the socket that feeds it),
 * the output panel and the notices. The fleet page and the host pages sit inside one.
 */
export function FleetLiveProvider({ children }: { children: ReactNode }) {
  const [client] = useState(fleetClientForPage);
  useEffect(() => retainFleetConnection(), []);
  return (
    <FleetStoreProvider store={client.store}>
      <FleetClientContext.Provider value={client}>
        <IconSprite />
        <OutputPanelProvider>{children}</OutputPanelProvider>
        <Toaster store={client.notices} />
      </FleetClientContext.Provider>
    </FleetStoreProvider>
  );
}
