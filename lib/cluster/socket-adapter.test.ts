import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { Server } from "socket.io";
import { startPostgres, type Postgres } from "../../test-support/postgres";
import { createLogger } from "../logger";
import { CLUSTER_NAMESPACE } from "../protocol/cluster";
import { parsePostgresUrl, poolConfig } from "../store/postgres-adapter";
import { createSocketAdapter, type SocketAdapter } from "./socket-adapter";
import { socketTransport } from "./socket-transport";

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("a replica's PostgreSQL listener across a PostgreSQL restart", () => {
  let postgres: Postgres;
  const adapters: SocketAdapter[] = [];
  const servers: Server[] = [];
  const log = createLogger("error");

  beforeAll(async () => {
    postgres = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    // No HTTP server to close: closing the namespaces' adapters releases the LISTEN client.
    for (const io of servers) for (const name of ["/", CLUSTER_NAMESPACE]) void io.of(name).adapter.close();
    for (const adapter of adapters) void adapter.close();
    await postgres?.stop();
  }, 60_000);

  async function replica() {
    const adapter = await createSocketAdapter(poolConfig(parsePostgresUrl(postgres.url), 4), log);
    adapters.push(adapter);
    const io = new Server({ adapter: adapter.adapter });
    servers.push(io);
    const transport = socketTransport(io.of(CLUSTER_NAMESPACE));
    const heard: unknown[] = [];
    transport.subscribe("peer:alive", (message) => heard.push(message));
    return { transport, heard };
  }

  it("hears its peers again", async () => {
    const a = await replica();
    const b = await replica();
    await until(async () => {
      a.transport.publish("peer:alive", { from: "a" });
      return b.heard.length > 0;
    }, "b to hear a");
    await postgres.restart();
    b.heard.length = 0;
    await until(async () => {
      a.transport.publish("peer:alive", { from: "a" });
      return b.heard.length > 0;
    }, "b to hear a after the restart", 60_000);
  }, 120_000);

  it("hears its peers again after its listener connection was cut five times", async () => {
    const a = await replica();
    const b = await replica();
    const admin = new pg.Client(poolConfig(parsePostgresUrl(postgres.url), 1));
    await admin.connect();
    try {
      for (let cut = 1; cut <= 5; cut++) {
        await until(async () => {
          a.transport.publish("peer:alive", { from: "a" });
          return b.heard.length > 0;
        }, `b to hear a before cut ${cut}`);
        // Each cut left the adapter's dead LISTEN client checked out of its pool of 4: the fourth
        // cut found the pool full of them, and the replica neither heard nor published again.
        const { rowCount } = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %'");
        expect(rowCount).toBeGreaterThan(0);
        b.heard.length = 0;
      }
      await until(async () => {
        a.transport.publish("peer:alive", { from: "a" });
        return b.heard.length > 0;
      }, "b to hear a after the fifth cut");
    } finally {
      await admin.end();
    }
  }, 120_000);
});
