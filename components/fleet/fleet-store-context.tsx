"use client";

import { createContext, useCallback, useContext, useSyncExternalStore, type ReactNode } from "react";
import type { DashboardHealth, FleetTargetState, HostView } from "@/lib/protocol/browser";
import { EMPTY_SUMMARY, type ConnectionState, type FleetStore, type FleetSummary } from "@/lib/ui/fleet-store";

/**
 * What the server rendered: an empty fleet, not loaded. Hydration reads these, so a store that
 * already has data (its socket opened before React hydrated) cannot make the first client render
 * differ from the HTML; React then renders the store's own state right after.
 */
const NO_NAMES: readonly string[] = [];
const SERVER = {
  host: (): HostView | undefined => undefined,
  names: (): readonly string[] => NO_NAMES,
  summary: (): FleetSummary => EMPTY_SUMMARY,
  loaded: (): boolean => false,
  connection: (): ConnectionState => "connecting",
  listVersion: (): number => 0,
  target: () => null,
  health: () => null,
};

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
  return useSyncExternalStore(subscribe, read, SERVER.host);
}

/** Host names in table order; a new array only when hosts appear or go. */
export function useHostNames(): readonly string[] {
  const store = useFleetStore();
  return useSyncExternalStore(store.subscribe, store.getNames, SERVER.names);
}

export function useFleetSummary(): FleetSummary {
  const store = useFleetStore();
  return useSyncExternalStore(store.subscribe, store.getSummary, SERVER.summary);
}

export function useFleetLoaded(): boolean {
  const store = useFleetStore();
  return useSyncExternalStore(store.subscribe, store.isLoaded, SERVER.loaded);
}

export function useConnectionState(): ConnectionState {
  const store = useFleetStore();
  return useSyncExternalStore(store.subscribe, store.getConnection, SERVER.connection);
}

/** Moves when what the table's filter reads changes (see FleetStore.getListVersion). */
export function useListVersion(): number {
  const store = useFleetStore();
  return useSyncExternalStore(store.subscribe, store.getListVersion, SERVER.listVersion);
}

/** The fleet target, once the dashboard sent it. */
export function useFleetTarget(): FleetTargetState | null {
  const store = useFleetStore();
  return useSyncExternalStore(store.subscribe, store.getTarget, SERVER.target);
}

/** What the dashboard lacks (its store, its peers), once it said. */
export function useDashboardHealth(): DashboardHealth | null {
  const store = useFleetStore();
  return useSyncExternalStore(store.subscribe, store.getHealth, SERVER.health);
}
