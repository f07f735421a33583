"use client";

import { useSyncExternalStore } from "react";
import { formatAbsoluteTime } from "@/lib/ui/relative-time";

const subscribeNever = () => () => {};

/** A date and time in the reader's own time zone (the server renders the ISO form until then). */
export function LocalTime({ timestamp, className }: { timestamp: number; className?: string }) {
  const text = useSyncExternalStore(
    subscribeNever,
    () => formatAbsoluteTime(timestamp),
    () => new Date(timestamp).toISOString().replace("T", " ").slice(0, 19) + " UTC",
  );
  return (
    <time dateTime={new Date(timestamp).toISOString()} className={className}>
      {text}
    </time>
  );
}
