"use client";

import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { OutputSheet } from "./output-sheet";

type OpenOutput = (commandId: string, hostName: string) => void;

const OutputPanelContext = createContext<OpenOutput | null>(null);

/** Opens the output panel on a command (running or finished). */
export function useOpenOutput(): OpenOutput {
  const open = useContext(OutputPanelContext);
  if (!open) throw new Error("useOpenOutput must be used inside <OutputPanelProvider>");
  return open;
}

/** Holds the page's one output panel; any row, history entry or bulk run can open it. */
export function OutputPanelProvider({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState<{ commandId: string; hostName: string } | null>(null);
  const open = useCallback<OpenOutput>((commandId, hostName) => setShown({ commandId, hostName }), []);
  const close = useCallback(() => setShown(null), []);
  return (
    <OutputPanelContext.Provider value={open}>
      {children}
      {shown && <OutputSheet key={shown.commandId} commandId={shown.commandId} hostName={shown.hostName} onClose={close} />}
    </OutputPanelContext.Provider>
  );
}
