const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Below this, a time reads "just now": heartbeats and clock skew make smaller figures noise. */
const JUST_NOW = 5 * SECOND;

/**
 * How long ago `timestamp` was, in the short form the fleet table uses: "just now", "12 s ago",
 * "3 min ago", "5 h ago", "4 d ago", and the date beyond 30 days. A timestamp in the future (the
 * server's clock ahead of the browser's) reads "just now".
 */
export function formatRelativeTime(timestamp: number, now: number): string {
  const elapsed = Math.max(0, now - timestamp);
  if (elapsed < JUST_NOW) return "just now";
  if (elapsed < MINUTE) return `${Math.floor(elapsed / SECOND)} s ago`;
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)} h ago`;
  if (elapsed < 30 * DAY) return `${Math.floor(elapsed / DAY)} d ago`;
  return `on ${new Date(timestamp).toISOString().slice(0, 10)}`;
}

// One formatter for the page: toLocaleString builds a new one per call, which a thousand rows feel.
let absoluteFormat: Intl.DateTimeFormat | undefined;

/** The full local date and time, for a tooltip next to a relative time. */
export function formatAbsoluteTime(timestamp: number): string {
  absoluteFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
  return absoluteFormat.format(timestamp);
}
