import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { Server } from "socket.io";
import { testRegistration } from "../../test-support/agent-messages";
import { startPostgres, type Postgres } from "../../test-support/postgres";
import { RecordingAgents, succeeded, until } from "../../test-support/recording-agents";
import { createPostgresTestStore, storeAudit } from "../../test-support/test-store";
import type { AgentDirectory } from "../fleet/agent-directory";
import { CommandService } from "../fleet/command-service";
import { LiveFleet } from "../fleet/live-fleet";
import { createLogger } from "../logger";
import { CLUSTER_NAMESPACE } from "../protocol/cluster";
import { openStore, type Store } from "../store/client";
import { parsePostgresUrl, poolConfig } from "../store/postgres-adapter";
import { joinCluster, type Cluster } from "./index";
import type { HearingEvent } from "./cluster-connections";
import { createSocketAdapter } from "./socket-adapter";

const log = createLogger("error");
const TIMING = { aliveIntervalMs: 200, lostAfterMs: 2_000, callTimeoutMs: 5_000 };
const ECHO = { echoIntervalMs: 100, echoTimeoutMs: 500 };
const noAgentsHere: AgentDirectory = { disconnectUnlessToken: () => undefined };

// Two replicas over a real PostgreSQL, each its cluster connections as its own role: a role that may
// not log in, with its LISTEN connection cut, is a replica that publishes but cannot hear.
describe("a replica whose listener went deaf", () => {
  let postgres: Postgres;
  let admin: pg.Client;
  let databaseUrl = "";
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    const first = await createPostgresTestStore(postgres.url);
    const [row] = await first.$queryRawUnsafe<{ name: string }[]>("SELECT current_database()::text AS name");
    await first.$disconnect();
    databaseUrl = Object.assign(new URL(postgres.url), { pathname: `/${row!.name}` }).href;
    admin = new pg.Client(poolConfig(parsePostgresUrl(postgres.url), 1));
    await admin.connect();
    // The last test restarts PostgreSQL, which ends this connection too.
    admin.on("error", () => undefined);
  }, 120_000);
  afterAll(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    await admin?.end();
    await postgres?.stop();
  }, 60_000);

  async function startReplica(role: string) {
    await admin.query(`CREATE ROLE ${role} LOGIN SUPERUSER`);
    const store: Store = await openStore(databaseUrl);
    const fleet = new LiveFleet(store, log, { patchIntervalMs: 10, persistIntervalMs: 50 });
    await fleet.start();
    const link = new RecordingAgents();
    const service = new CommandService(store, fleet, link, log, storeAudit(store), { lostAfterMs: 60_000, resultGraceMs: 60_000 });
    const adapter = await createSocketAdapter(poolConfig({ ...parsePostgresUrl(databaseUrl), user: role }, 4), log, ECHO);
    const heard: HearingEvent[] = [];
    adapter.connections.onHearing((event) => heard.push(event));
    const io = new Server({ adapter: adapter.adapter });
    const cluster: Cluster = joinCluster(io, { fleet, commands: service, agents: noAgentsHere, hearing: adapter.connections, log }, TIMING);
    await cluster.settled();
    await service.start();
    stops.push(async () => {
      cluster.stop();
      service.stop();
      for (const name of ["/", CLUSTER_NAMESPACE]) void io.of(name).adapter.close();
      await adapter.close();
      await fleet.stop();
      await store.$disconnect();
    });
    return { fleet, service, link, cluster, heard, connections: adapter.connections };
  }

  it("says so while it lasts, then shows its peer's hosts as they are and routes commands to them", async () => {
    const a = await startReplica("replica_a");
    const b = await startReplica("replica_b");
    await a.fleet.register(testRegistration("web-1"));
    const pull = await a.cluster.requests.request({ host: "web-1", type: "pull", requestedBy: "admin" });
    if (!pull.ok) throw new Error(pull.reason);
    await until(() => b.fleet.get("web-1")?.lastCommand?.state === "running", "b to see web-1 running the pull");

    // b goes deaf: its LISTEN connection is cut and cannot come back; it still publishes.
    await admin.query("ALTER ROLE replica_b NOLOGIN");
    const cut = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'replica_b' AND query LIKE 'LISTEN %'");
    expect(cut.rowCount).toBe(1);
    // Meanwhile on a: the pull ends and a second host connects. b hears neither.
    await a.service.receiveResult("web-1", succeeded(pull.command.id, "pull"));
    await a.fleet.register(testRegistration("web-2"));
    await until(() => !b.connections.hearing, "b to know it is deaf");
    await new Promise((resolve) => setTimeout(resolve, 2 * TIMING.lostAfterMs));
    // Deaf, b took no peer for gone (a's hosts stayed online there); a, which hears, was never deaf.
    expect(b.fleet.get("web-1")?.online).toBe(true);
    expect(a.heard).toEqual([]);
    await admin.query("ALTER ROLE replica_b LOGIN");

    const consistent = await until(() => {
      const web1 = b.fleet.get("web-1");
      const web2 = b.fleet.get("web-2");
      return web1?.online && web1.lastCommand?.state === "succeeded" && web2?.online && { web1, web2 };
    }, "b to show a's hosts as they are", 15_000);
    expect(consistent.web1.lastCommand?.id).toBe(pull.command.id);
    expect(b.fleet.heldBy("web-2")).toBe(a.cluster.bus.id);
    expect(b.heard).toEqual(["deaf", "recovered"]);

    const outcomes = await b.cluster.requests.requestMany([
      { host: "web-1", type: "switch", requestedBy: "admin" },
      { host: "web-2", type: "pull", requestedBy: "admin" },
    ]);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true]);
    expect(a.link.runs.map((run) => `${run.host} ${run.command.type}`)).toEqual(["web-1 pull", "web-1 switch", "web-2 pull"]);
  }, 120_000);

  it("says so through a PostgreSQL restart, hears again, and still routes commands to its peer's hosts", async () => {
    const a = await startReplica("replica_c");
    const b = await startReplica("replica_d");
    await a.fleet.register(testRegistration("web-3"));
    await until(() => b.fleet.heldBy("web-3") === a.cluster.bus.id, "b to see web-3 on a");
    await postgres.restart();
    await until(() => a.heard.includes("recovered") && b.heard.includes("recovered"), "both to hear again", 30_000);
    expect(b.heard.slice(0, 2)).toEqual(["deaf", "recovered"]);
    expect(b.fleet.get("web-3")?.online).toBe(true);
    const outcome = await b.cluster.requests.request({ host: "web-3", type: "pull", requestedBy: "admin" });
    expect(outcome.ok).toBe(true);
    expect(a.link.runs.map((run) => run.host)).toEqual(["web-3"]);
  }, 120_000);
});
