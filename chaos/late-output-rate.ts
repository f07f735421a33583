/**
 * How fast the dashboard stores output that arrives after its command ended (a result sent before the
 * output drained, or an agent that resends after a restart): lines/s through CommandService, on a real
 * SQLite store holding `STORED` lines of the command already.
 *
 *   npx tsx chaos/late-output-rate.ts [stored lines, default 200000] [late lines, default 50000]
 */
import { createLogger } from "../lib/logger";
import { CommandService } from "../lib/fleet/command-service";
import { LiveFleet } from "../lib/fleet/live-fleet";
import { MAX_CHUNKS_PER_MESSAGE, type OutputChunk } from "../lib/protocol/agent";
import { testRegistration, testStatus } from "../test-support/agent-messages";
import { insertOutput } from "../lib/store/commands";
import { createTestStore, storeAudit } from "../test-support/test-store";

const stored = Number(process.argv[2] ?? 200_000);
const late = Number(process.argv[3] ?? 50_000);
const batch = (from: number, to: number): OutputChunk[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i, stream: "stdout", line: `line ${from + i} of a long build log` }));

const log = createLogger("error");
const store = await createTestStore();
const fleet = new LiveFleet(store, log);
await fleet.start();
const agent = { run: async () => ({ accepted: true as const }), stop: async () => ({ ok: true as const }) };
const service = new CommandService(store, fleet, agent, log, storeAudit(store), { lostAfterMs: 60_000, resultGraceMs: 60_000 });
await service.start();
await fleet.register(testRegistration("web-1"));
const outcome = await service.request({ host: "web-1", type: "switch", requestedBy: "admin" });
if (!outcome.ok) throw new Error(outcome.reason);
const commandId = outcome.command.id;
for (let seq = 1; seq <= stored; seq += 5_000) await insertOutput(store, commandId, batch(seq, Math.min(stored, seq + 4_999)));
await service.receiveResult("web-1", {
  commandId, type: "switch", state: "succeeded", exitCode: 0, startedAt: Date.now(), durationMs: 1, lastSeq: stored + late,
});
await service.agentRegistered("web-1", testStatus());

const started = performance.now();
for (let seq = stored + 1; seq <= stored + late; seq += MAX_CHUNKS_PER_MESSAGE) {
  const ack = await service.receiveOutput("web-1", { commandId, chunks: batch(seq, Math.min(stored + late, seq + MAX_CHUNKS_PER_MESSAGE - 1)) });
  if (!ack.ok) throw new Error(ack.error);
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`late output: ${late} lines after ${stored} stored: ${seconds.toFixed(2)} s, ${Math.round(late / seconds)} lines/s\n`);
service.stop();
await fleet.stop();
await store.$disconnect();
