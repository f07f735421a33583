import { isRolloutFinished, type RolloutStart, type RolloutView } from "../lib/protocol/rollouts";
import type { LoadFleet } from "./load-fleet";
import { rolloutFigures, type RolloutResult } from "./rollout-figures";

/** Percent of the fleet in each wave after the canary of one host. */
const WAVE_PERCENT = 10;
const POLL_MS = 250;

export interface RolloutPhase {
  url: string;
  /** A logged-in browser's headers (session cookie and Origin): the rollout starts as the UI starts it. */
  headers: Record<string, string>;
  fleet: LoadFleet;
  hosts: number;
  timeoutMs: number;
  say: (text: string) => void;
}

async function rolloutOf(phase: RolloutPhase, id: string): Promise<RolloutView> {
  const response = await fetch(`${phase.url}/api/rollouts/${id}`, { headers: phase.headers });
  if (!response.ok) throw new Error(`GET /api/rollouts/${id} answered ${response.status}`);
  return ((await response.json()) as { rollout: RolloutView }).rollout;
}

/**
 * A rollout of the whole simulated fleet in waves of 10 % after a canary of one, started through
 * POST /api/rollouts as the "Roll out…" sheet does. The agents answer each command after their quick
 * work; the figure is the time from each gate passing to the next wave's commands arriving.
 */
export async function measureRollout(phase: RolloutPhase): Promise<RolloutResult> {
  await phase.fleet.mode({ mode: "quick", workMs: 200, linesPerSecond: 10 });
  // Clears what earlier phases left in the agents' counters.
  await phase.fleet.report();
  const body: RolloutStart = {
    scope: { kind: "fleet" },
    plan: { action: "switch", canary: { count: 1 }, waves: { by: "percent", size: WAVE_PERCENT }, failedHosts: "leave" },
  };
  const started = Date.now();
  const response = await fetch(`${phase.url}/api/rollouts`, {
    method: "POST",
    headers: { ...phase.headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST /api/rollouts answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  const { id } = ((await response.json()) as { rollout: RolloutView }).rollout;
  let rollout = await rolloutOf(phase, id);
  phase.say(`dashboard: rollout ${id} over ${rollout.state.hosts.length} hosts in ${rollout.state.waves.length} waves`);
  const deadline = started + phase.timeoutMs;
  while (!isRolloutFinished(rollout.state.status) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    rollout = await rolloutOf(phase, id);
  }
  const totalSeconds = (Date.now() - started) / 1000;
  const report = await phase.fleet.report();
  if (!isRolloutFinished(rollout.state.status)) throw new Error(`the rollout was still ${rollout.state.status} after ${phase.timeoutMs / 1000} s (wave ${rollout.state.wave + 1})`);
  return {
    hosts: rollout.state.hosts.length,
    waves: rollout.state.waves.length,
    status: rollout.state.status,
    totalSeconds,
    received: report.commandsReceived.length,
    ...rolloutFigures(rollout.state.waves.map((wave) => wave.gateAt), report.commandsReceived),
  };
}
