"use client";

import { useEffect, useState, type ReactNode } from "react";
import { OutputPanelProvider } from "@/components/output/output-panel-provider";
import { IconSprite } from "@/components/ui/icon-sprite";
import { Toaster } from "@/components/ui/toaster";
import { FleetClientContext } from "./fleet-client-context";
import { FleetStoreProvider } from "./fleet-store-context";
import { fleetClientForPage, preconnectFleet, retainFleetConnection } from "./shared-fleet-client";

preconnectFleet();

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
