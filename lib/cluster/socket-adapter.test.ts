import { afterAll, beforeAll, describe, it } from "vitest";
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
});
