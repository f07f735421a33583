import { RotateCwIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/ui/cn";
import type { ConnectionState } from "@/lib/ui/fleet-store";
import { useConnectionState } from "./fleet-store-context";

const STATES: Record<ConnectionState, { label: string; dot: string; pulse: boolean; hint: string }> = {
  connecting: {
    label: "Connecting…",
    dot: "text-unknown",
    pulse: true,
    hint: "Opening the live connection to the dashboard",
  },
  live: { label: "Live", dot: "text-success", pulse: true, hint: "Changes appear as they happen" },
  reconnecting: {
    label: "Reconnecting…",
    dot: "text-warning",
    pulse: true,
    hint: "Connection lost; retrying. The table may be out of date.",
  },
  disconnected: {
    label: "Disconnected",
    dot: "text-danger",
    pulse: false,
    hint: "The dashboard closed the connection. Reload the page (you may need to sign in again).",
  },
};

/** Whether the table is live; a way back when the connection is gone for good. */
export function ConnectionIndicator() {
  const state = useConnectionState();
  const { label, dot, pulse, hint } = STATES[state];
  return (
    <div className="flex items-center gap-2">
      <div
        role="status"
        title={hint}
        data-connection={state}
        className="inline-flex h-7 items-center gap-2 rounded-full border border-border bg-card px-2.5 text-xs font-medium text-muted-foreground"
      >
        <span aria-hidden className={cn("relative flex size-2", dot)}>
          {pulse && <span className="absolute inline-flex size-full animate-ping rounded-full bg-current opacity-50" />}
          <span className="relative inline-flex size-2 rounded-full bg-current" />
        </span>
        {label}
      </div>
      {state === "disconnected" && (
        <Button variant="outline" size="xs" onClick={() => window.location.reload()}>
          <RotateCwIcon aria-hidden />
          Reload
        </Button>
      )}
    </div>
  );
}
