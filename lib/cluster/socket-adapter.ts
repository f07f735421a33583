import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import type { ServerOptions } from "socket.io";
import type { Logger } from "../logger";

/** Messages over PostgreSQL's NOTIFY limit are stored here for a moment (the adapter's default name). */
const ATTACHMENTS_TABLE = "socket_io_attachments";

export interface SocketAdapter {
  adapter: ServerOptions["adapter"];
  close(): Promise<void>;
}

/**
 * Socket.IO's PostgreSQL adapter over the dashboard's own database: replicas that share the store
 * share their server-side events and broadcasts through it, with nothing else to run.
 */
export async function createSocketAdapter(config: pg.PoolConfig, log: Logger): Promise<SocketAdapter> {
  const pool = new pg.Pool(config);
  pool.on("error", (error) => log.error("cluster.pool_error", { error: error.message }));
  await pool.query(`CREATE TABLE IF NOT EXISTS ${ATTACHMENTS_TABLE} (
    id bigserial UNIQUE,
    created_at timestamptz DEFAULT NOW(),
    payload bytea
  )`);
  return {
    adapter: createAdapter(pool, {
      tableName: ATTACHMENTS_TABLE,
      errorHandler: (error) => log.error("cluster.adapter_error", { error: error.message }),
    }),
    close: () => pool.end(),
  };
}
