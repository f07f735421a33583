"use client";

import { useCallback, useSyncExternalStore } from "react";
import { formatDuration } from "@/lib/ui/command-labels";
import { sharedClock } from "@/lib/ui/shared-clock";

const noServerText = () => "";

/** "12 s" since `since`, ticking with the page's shared clock. */
export function ElapsedTime({ since }: { since: number }) {
  const read = useCallback(() => formatDuration(Math.max(0, sharedClock.now() - since)), [since]);
  const text = useSyncExternalStore(sharedClock.subscribe, read, noServerText);
  return (
    <span className="tabular-nums" suppressHydrationWarning>
      {text}
    </span>
  );
}
