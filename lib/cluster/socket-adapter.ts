import { createAdapter } from "@socket.io/postgres-adapter";
import type pg from "pg";
import type { ServerOptions } from "socket.io";
import type { Logger } from "../logger";
import { CLUSTER_NAMESPACE } from "../protocol/cluster";
import { ClusterConnections, type HearingCheckOptions } from "./cluster-connections";

/** Messages over PostgreSQL's NOTIFY limit are stored here for a moment (the adapter's default name). */
const ATTACHMENTS_TABLE = "socket_io_attachments";
/** The adapter's prefix; a namespace's messages travel on `<prefix>#<namespace>`. */
const CHANNEL_PREFIX = "socket.io";

export interface SocketAdapter {
  adapter: ServerOptions["adapter"];
  /** Whether this replica hears its own cluster channel; echoes start with `connections.startEchoes()`. */
  connections: ClusterConnections;
  close(): Promise<void>;
}

/**
 * Socket.IO's PostgreSQL adapter over the dashboard's own database: replicas that share the store
 * share their server-side events and broadcasts through it, with nothing else to run.
 */
export async function createSocketAdapter(config: pg.PoolConfig, log: Logger, hearing: HearingCheckOptions = {}): Promise<SocketAdapter> {
  const connections = new ClusterConnections(config, `${CHANNEL_PREFIX}#${CLUSTER_NAMESPACE}`, log, hearing);
  await connections.query(`CREATE TABLE IF NOT EXISTS ${ATTACHMENTS_TABLE} (
    id bigserial UNIQUE,
    created_at timestamptz DEFAULT NOW(),
    payload bytea
  )`);
  return {
    adapter: createAdapter(connections, {
      channelPrefix: CHANNEL_PREFIX,
      tableName: ATTACHMENTS_TABLE,
      errorHandler: (error) => log.error("cluster.adapter_error", { error: error.message }),
    }),
    connections,
    close: () => connections.close(),
  };
}
