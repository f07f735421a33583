import type { Server } from "socket.io";
import type { AgentDirectory } from "../fleet/agent-directory";
import type { CommandRequests, CommandService } from "../fleet/command-service";
import type { LiveFleet } from "../fleet/live-fleet";
import type { Logger } from "../logger";
import { CLUSTER_NAMESPACE } from "../protocol/cluster";
import type { HearingEvent } from "./cluster-connections";
import { replicateFleet } from "./fleet-replication";
import { PeerBus, type PeerBusOptions } from "./peer-bus";
import { RoutedCommands } from "./routed-commands";
import { socketTransport } from "./socket-transport";

/** Whether this replica hears its own cluster channel (the adapter's connections check it with echoes). */
export interface ClusterHearing {
  onHearing(listener: (event: HearingEvent) => void): void;
  startEchoes(): void;
}

export interface Cluster {
  bus: PeerBus;
  requests: CommandRequests;
  agents: AgentDirectory;
  /** Resolves once running peers have had time to say which agents they hold. */
  settled(): Promise<void>;
  stop(): void;
}

/**
 * Makes this dashboard one replica of several sharing a database: live fleet state, command
 * requests and agent disconnects travel between them over the Socket.IO adapter of `io`.
 */
export function joinCluster(
  io: Server,
  deps: { fleet: LiveFleet; commands: CommandService; agents: AgentDirectory; hearing: ClusterHearing; log: Logger },
  options: PeerBusOptions = {},
): Cluster {
  const bus = new PeerBus(socketTransport(io.of(CLUSTER_NAMESPACE)), deps.log, options);
  const replication = replicateFleet({ bus, ...deps });
  const requests = new RoutedCommands(deps.commands, deps.fleet, bus, deps.log);
  // Deaf, it cannot judge its peers' silence; hearing again, it compares full state with them.
  deps.hearing.onHearing((event) => {
    bus.setDeaf(event === "deaf");
    if (event === "recovered") replication.resync();
  });
  bus.start();
  deps.hearing.startEchoes();
  const aliveIntervalMs = options.aliveIntervalMs ?? 2_000;
  deps.log.info("cluster.joined", { replica: bus.id });
  return {
    bus,
    requests,
    agents: replication.agents,
    // This replica asks each peer it hears (within an interval) for the hosts it holds; two
    // intervals leave room for a peer that is busy.
    settled: () => new Promise((resolve) => setTimeout(resolve, 2 * aliveIntervalMs)),
    stop: () => bus.stop(),
  };
}
