"use client";

import { createContext, useCallback, useContext, useSyncExternalStore, type ReactNode } from "react";
import type { HostView } from "@/lib/protocol/browser";
import type { ConnectionState, FleetStore, FleetSummary } from "@/lib/ui/fleet-store";

const FleetStoreContext = createContext<FleetStore | null>(null);

export function FleetStoreProvider({ store, children }: { store: FleetStore; children: ReactNode }) {
  return <FleetStoreContext.Provider value={store}>{children}</FleetStoreContext.Provider>;
}

export function useFleetStore(): FleetStore {
  const store = useContext(FleetStoreContext);
  if (!store) throw new Error("useFleetStore must be used inside <FleetStoreProvider>");
  return store;
}

/** One host; the component re-renders only when this host changes. */
export function useHost(name: string): HostView | undefined {
  const store = useFleetStore();
  const subscribe = useCallback((listener: () => void) => store.subscribeHost(name, listener), [store, name]);
  const read = useCallback(() => store.getHost(name), [store, name]);
  return useSyncExternalStore(subscribe, read, read);
}

/** Host names in table order; a new array only when hosts appear or go. */
export function useHostNames(): readonly string[] {
  const store = useFleetStore();
  return useSyncExternalStore(store.subscribe, store.getNames, store.getNames);
}

export function useFleetSummary(): FleetSummary {
  const store = useFleetStore();
  return useSyncExternalStore(store.subscribe, store.getSummary, store.getSummary);
}

export function useFleetLoaded(): boolean {
  const store = useFleetStore();
  return useSyncExternalStore(store.subscribe, store.isLoaded, store.isLoaded);
}

export function useConnectionState(): ConnectionState {
  const store = useFleetStore();
  return useSyncExternalStore(store.subscribe, store.getConnection, store.getConnection);
}
