/**
 * The health gate of a switch (README "Safety model"): after the confirmation, the host's tests
 * (hosts/<host>/tests/T*.sh) on the new system. `on` unless the command said `runTests: false`;
 * `none` for an activation that has no gate (a rollback: the repository's tests describe the
 * configuration it left, not the generation it returns to).
 */
export const HEALTH_GATES = ["on", "off", "none"] as const;
export type HealthGate = (typeof HEALTH_GATES)[number];

/** The gate a command asks for: absent `runTests` means on (lib/protocol/fields.ts). */
export function requestedHealthGate(runTests: boolean | undefined): HealthGate {
  return runTests === false ? "off" : "on";
}

export type GateDecision = { run: true } | { run: false; note: string | null };

/** Whether the host's tests run now, and what the output says when they do not. */
export function decideHealthGate(gate: HealthGate, switched: boolean, testCount: number): GateDecision {
  if (!switched || gate === "none" || testCount === 0) return { run: false, note: null };
  if (gate === "off") {
    const tests = testCount === 1 ? "test does" : `${testCount} tests do`;
    return { run: false, note: `health gate: off for this switch (runTests: false): the host's ${tests} not run` };
  }
  return { run: true };
}
