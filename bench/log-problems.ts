/** Counts the dashboard's warn and error log lines by event (logfmt: `level=warn event=agent.rate_limited …`). */
export function countLogProblems(log: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of log.matchAll(/level=(warn|error) event=(\S+)/g)) {
    const key = `${match[1]} ${match[2]}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
