import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type Postgres } from "../../test-support/postgres";
import { RecordingAgents, succeeded, until } from "../../test-support/recording-agents";
import { testRegistration } from "../../test-support/agent-messages";
import { createPostgresTestStore, storeAudit } from "../../test-support/test-store";
import { createLogger } from "../logger";
import { rolloutPlanSchema } from "../protocol/rollouts";
import { openStore, type Store } from "../store/client";
import { findRollout } from "../store/rollouts";
import { CommandService } from "./command-service";
import { LiveFleet } from "./live-fleet";
import { RolloutService } from "./rollout-service";

const HOSTS = ["h1", "h2", "h3", "h4", "h5", "h6"];
const log = createLogger("error");

/** One dashboard replica: its own store connection, live fleet, agents, command and rollout services. */
async function replica(databaseUrl: string, id: string, options: { tickMs: number; leaseMs: number }) {
  const store = await openStore(databaseUrl);
  const fleet = new LiveFleet(store, log);
  await fleet.start();
  for (const name of HOSTS) await fleet.register(testRegistration(name));
  const agents = new RecordingAgents();
  const commands = new CommandService(store, fleet, agents, log, storeAudit(store), { lostAfterMs: 60_000, resultGraceMs: 60_000 });
  await commands.start();
  const rollouts = new RolloutService(store, fleet, commands, storeAudit(store), log, {
    replicaId: id,
    leaseMs: options.leaseMs,
    tickMs: options.tickMs,
    saveDelayMs: 10,
    offlineGraceMs: 0,
  });
  await rollouts.start();
  return { id, store, fleet, agents, commands, rollouts };
}
type Replica = Awaited<ReturnType<typeof replica>>;

/** The agents report success for every command a replica sent them that has no result yet. */
async function reportAll(to: Replica, sent: Replica["agents"]["runs"], reported: Set<string>): Promise<void> {
  for (const { host, command } of sent) {
    if (reported.has(command.id) || command.type === "refresh") continue;
    reported.add(command.id);
    expect(await to.commands.receiveResult(host, succeeded(command.id, command.type))).toEqual({ ok: true });
  }
}

describe("a rollout whose replica dies, on PostgreSQL", () => {
  let postgres: Postgres;
  let databaseUrl: string;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    const store: Store = await createPostgresTestStore(postgres.url);
    const [row] = await store.$queryRawUnsafe<{ name: string }[]>("SELECT current_database()::text AS name");
    await store.$disconnect();
    databaseUrl = Object.assign(new URL(postgres.url), { pathname: `/${row!.name}` }).href;
  }, 120_000);

  afterAll(async () => {
    for (const r of replicas) {
      await r.rollouts.stop();
      r.commands.stop();
      await r.fleet.stop();
      await r.store.$disconnect();
    }
    await postgres?.stop();
  });

  it("is taken over by the other replica once the lease runs out, and finished without starting a host twice or skipping a gate", async () => {
    // Replica a never renews its lease (its ticks would come after an hour): it stands for one killed
    // once it sent wave 1. Its lease outlasts that (even on a busy machine), then runs out.
    const a = await replica(databaseUrl, "a", { tickMs: 3_600_000, leaseMs: 6_000 });
    const b = await replica(databaseUrl, "b", { tickMs: 100, leaseMs: 1_000 });
    replicas.push(a, b);
    const reportedToA = new Set<string>();
    const reportedToB = new Set<string>();

    const plan = rolloutPlanSchema.parse({ action: "switch", canary: { count: 1 }, waves: { by: "count", size: 3 }, failedHosts: "leave" });
    const view = await a.rollouts.create({ scope: { kind: "hosts", hosts: HOSTS }, plan, requestedBy: "admin" });
    expect(view.state.waves).toHaveLength(3);

    // The canary runs on a and passes its gate there; a sends wave 1 and dies before its results come in.
    await until(() => a.agents.runs.length === 1, "the canary's command");
    expect((await a.store.rollout.findUnique({ where: { id: view.id } }))?.leaseOwner).toBe("a");
    await reportAll(a, a.agents.runs, reportedToA);
    await until(() => a.agents.runs.length === 4, "wave 1's commands from replica a");
    expect((await findRollout(a.store, view.id))?.view.state.waves[0]?.gate).toBe("passed");

    // b may not take it while a's lease holds; once it ran out, b adopts the rollout.
    const adopted = await until(async () => {
      const row = await b.store.rollout.findUnique({ where: { id: view.id } });
      return row?.leaseOwner === "b" && row;
    }, "replica b to hold the lease", 20_000);
    expect(adopted.leaseUntil!.getTime()).toBeGreaterThan(Date.now() - 1_000);
    // The agents reach b now: b follows the commands a left open (as the cluster does when a peer is gone).
    await b.commands.adopt(() => true);
    await reportAll(b, a.agents.runs, reportedToB);

    // b passes wave 1's gate only now, sends wave 2, and the rollout ends there.
    await until(() => b.agents.runs.length === 2, "wave 2's commands from replica b", 10_000);
    await reportAll(b, b.agents.runs, reportedToB);
    const done = await until(async () => {
      const stored = await findRollout(b.store, view.id);
      return stored?.view.state.status === "succeeded" && stored;
    }, "the rollout to succeed", 10_000);

    const started = [...a.agents.runs, ...b.agents.runs].map((run) => run.host).sort();
    expect(started).toEqual([...HOSTS].sort());
    const wave2 = done.view.state.hosts.filter((host) => host.wave === 2).map((host) => host.name);
    expect(b.agents.runs.map((run) => run.host).sort()).toEqual(wave2.sort());
    expect(done.view.state.waves.map((wave) => wave.gate)).toEqual(["passed", "passed", "passed"]);
    // Each gate passed before the next wave started.
    const [w0, w1, w2] = done.view.state.waves;
    expect(w1!.startedAt!).toBeGreaterThanOrEqual(w0!.gateAt!);
    expect(w2!.startedAt!).toBeGreaterThanOrEqual(w1!.gateAt!);
    expect(done.view.state.hosts.every((host) => host.step === "succeeded" && host.commandIds.length === 1)).toBe(true);
  }, 60_000);
});
