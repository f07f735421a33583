import { distribution, type Distribution } from "./stats";

/** The rollout phase's figures: how long each wave's hosts waited for their command after the previous gate. */

export interface RolloutResult {
  hosts: number;
  waves: number;
  /** The rollout's status when the phase stopped following it. */
  status: string;
  /** From POST /api/rollouts until the rollout had finished. */
  totalSeconds: number;
  /** Commands the simulated agents received during the phase. */
  received: number;
  /** From a wave's gate passing until each host of the next wave received its command. */
  gateToReceivedMs: Distribution;
  /** The same, p99 per wave after the canary (index 0 is the wave after the canary). */
  p99ByWaveMs: number[];
}

/**
 * Assigns each receipt to the last gate that passed before it: a wave starts only after the gate
 * before it passed, and its hosts are all done before the next gate passes, so every command received
 * between gate k and gate k+1 belongs to wave k+1. Receipts before the first gate (the canary's) are
 * not a gate-to-command time and are left out. Gates that never passed (null) end the assignment.
 */
export function gateDelays(gateAts: readonly (number | null)[], received: readonly number[]): number[][] {
  const gates: number[] = [];
  for (const at of gateAts) {
    if (at === null) break;
    gates.push(at);
  }
  const perWave: number[][] = gates.map(() => []);
  for (const at of received) {
    let wave = -1;
    for (let i = gates.length - 1; i >= 0; i--) {
      if (gates[i]! <= at) {
        wave = i;
        break;
      }
    }
    if (wave >= 0) perWave[wave]!.push(at - gates[wave]!);
  }
  // The last gate closes the rollout: nothing follows it.
  return gates.length > 0 && perWave.at(-1)!.length === 0 ? perWave.slice(0, -1) : perWave;
}

export function rolloutFigures(gateAts: readonly (number | null)[], received: readonly number[]): Pick<RolloutResult, "gateToReceivedMs" | "p99ByWaveMs"> {
  const perWave = gateDelays(gateAts, received);
  return {
    gateToReceivedMs: distribution(perWave.flat()),
    p99ByWaveMs: perWave.map((delays) => distribution(delays).p99),
  };
}
