"use client";

import { useCallback, useMemo, useSyncExternalStore } from "react";
import { formatAbsoluteTime, formatRelativeTime } from "@/lib/ui/relative-time";
import { sharedClock } from "@/lib/ui/shared-clock";
import { cn } from "@/lib/ui/cn";

const noServerText = () => "";

/**
 * "12 s ago", kept current by the page's one shared clock. The snapshot is the text itself, so a
 * tick re-renders this label only when its words change, and nothing around it.
 */
export function RelativeTime({ timestamp, className }: { timestamp: number; className?: string }) {
  const readText = useCallback(() => formatRelativeTime(timestamp, sharedClock.now()), [timestamp]);
  const text = useSyncExternalStore(sharedClock.subscribe, readText, noServerText);
  // Ticks re-render this label every second; the absolute forms change only with the timestamp.
  const absolute = useMemo(
    () => (Number.isFinite(timestamp) ? { iso: new Date(timestamp).toISOString(), local: formatAbsoluteTime(timestamp) } : null),
    [timestamp],
  );
  if (!absolute) return <span className={className}>never</span>;
  return (
    <time
      dateTime={absolute.iso}
      title={absolute.local}
      className={cn("whitespace-nowrap tabular-nums", className)}
      suppressHydrationWarning
    >
      {text}
    </time>
  );
}
