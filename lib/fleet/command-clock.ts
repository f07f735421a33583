/**
 * A command's times by the dashboard's clock. An agent's clock may be off by any amount (a host
 * whose clock was a year ahead pinned its latest test run); its duration, measured on one clock,
 * is trusted. The agent's start time serves only to estimate how far its clock is off.
 */
export interface CommandTimes {
  startedAt: Date;
  finishedAt: Date;
  /** The agent's clock minus the dashboard's, when the dashboard saw the command start. */
  clockSkewMs: number | null;
}

export function commandTimes(
  dashboardStartedAt: number | null,
  result: { startedAt: number; durationMs: number },
  now: number,
): CommandTimes {
  // A result that arrives late (the dashboard was down) ended at start + duration, not on arrival.
  const startedAt = Math.min(dashboardStartedAt ?? now - result.durationMs, now);
  return {
    startedAt: new Date(startedAt),
    finishedAt: new Date(Math.min(startedAt + result.durationMs, now)),
    clockSkewMs: dashboardStartedAt === null ? null : result.startedAt - dashboardStartedAt,
  };
}
