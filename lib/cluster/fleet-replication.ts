import type { AgentDirectory } from "../fleet/agent-directory";
import type { CommandService } from "../fleet/command-service";
import type { LiveFleet } from "../fleet/live-fleet";
import type { Logger } from "../logger";
import type { HostPatch } from "../protocol/browser";
import type { PeerBus } from "./peer-bus";

/** Hosts per message when a replica tells a new peer about every agent connected to it. */
const FULL_STATE_CHUNK = 1_000;

/**
 * Keeps every replica's live fleet the same: each replica sends the changes of the hosts whose
 * agents are connected to it, and applies its peers' changes without writing them (the holder
 * writes). A new peer gets the full state; the hosts of a peer that went silent go offline.
 */
export function replicateFleet(deps: {
  bus: PeerBus;
  fleet: LiveFleet;
  commands: CommandService;
  /** This replica's own agent connections. */
  agents: AgentDirectory;
  log: Logger;
}): AgentDirectory {
  const { bus, fleet, commands, agents, log } = deps;
  const sendPatches = (patches: readonly HostPatch[]) => {
    for (let start = 0; start < patches.length; start += FULL_STATE_CHUNK) {
      bus.send("peer:hosts", { patches: patches.slice(start, start + FULL_STATE_CHUNK) });
    }
  };

  fleet.subscribe({
    patches: (patches) => sendPatches(patches.filter((patch) => fleet.heldBy(patch.name) === null)),
    removed: (name, byPeer) => {
      if (!byPeer) bus.send("peer:removed", { name });
    },
  });
  bus.on("peer:hosts", ({ from, patches }) => {
    const contested = fleet.applyPeerPatches(from, patches);
    if (contested.length > 0) {
      log.info("peer.host_contested", { peer: from, hosts: contested.length });
      sendPatches(contested.flatMap((name) => fleet.fullPatch(name) ?? []));
    }
  });
  bus.on("peer:removed", ({ name }) => fleet.forget(name));
  bus.onPeerJoined(() => sendPatches(fleet.heldHere()));
  bus.onPeerLost((peer) => {
    const hosts = new Set(fleet.peerLost(peer));
    log.warn("peer.hosts_offline", { peer, hosts: hosts.size });
    commands.adopt((host) => hosts.has(host)).catch((error: unknown) =>
      log.error("peer.adopt_failed", { peer, error: String(error) }),
    );
  });
  bus.on("peer:disconnect-agent", ({ host, keepTokenId }) => agents.disconnectUnlessToken(host, keepTokenId));

  return {
    disconnectUnlessToken(host, keepTokenId) {
      agents.disconnectUnlessToken(host, keepTokenId);
      bus.send("peer:disconnect-agent", { host, keepTokenId });
    },
  };
}
