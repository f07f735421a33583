"use client";

import { createContext, useCallback, useContext, useSyncExternalStore, type ReactNode } from "react";
import type { SelectionStore } from "@/lib/ui/selection-store";

const SelectionContext = createContext<SelectionStore | null>(null);

export function SelectionProvider({ store, children }: { store: SelectionStore; children: ReactNode }) {
  return <SelectionContext.Provider value={store}>{children}</SelectionContext.Provider>;
}

export function useSelectionStore(): SelectionStore {
  const store = useContext(SelectionContext);
  if (!store) throw new Error("useSelectionStore must be used inside <SelectionProvider>");
  return store;
}

/** Whether one host is selected; re-renders only when that host's box changes. */
export function useIsSelected(name: string): boolean {
  const store = useSelectionStore();
  const subscribe = useCallback((listener: () => void) => store.subscribeName(name, listener), [store, name]);
  const read = useCallback(() => store.isSelected(name), [store, name]);
  return useSyncExternalStore(subscribe, read, read);
}

export function useSelected(): ReadonlySet<string> {
  const store = useSelectionStore();
  return useSyncExternalStore(store.subscribe, store.getSelected, store.getSelected);
}
