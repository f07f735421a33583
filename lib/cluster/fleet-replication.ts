import type { AgentDirectory } from "../fleet/agent-directory";
import type { CommandService } from "../fleet/command-service";
import type { LiveFleet } from "../fleet/live-fleet";
import type { Logger } from "../logger";
import type { HostPatch } from "../protocol/browser";
import type { PeerBus } from "./peer-bus";

/** Hosts per message when a replica tells its peers about every agent connected to it. */
const FULL_STATE_CHUNK = 1_000;

export interface FleetReplication {
  /** Agent disconnects reach every replica. */
  agents: AgentDirectory;
  /** After messages may have been lost (this replica was deaf): send the full state and ask every peer for theirs. */
  resync(): void;
}

/**
 * Keeps every replica's live fleet the same: each replica sends the changes of the hosts whose
 * agents are connected to it, and applies its peers' changes without writing them (the holder
 * writes). A peer heard for the first time is asked for its full state, as is every peer after this
 * replica was deaf; the hosts of a peer that went silent go offline.
 */
export function replicateFleet(deps: {
  bus: PeerBus;
  fleet: LiveFleet;
  commands: CommandService;
  /** This replica's own agent connections. */
  agents: AgentDirectory;
  log: Logger;
}): FleetReplication {
  const { bus, fleet, commands, agents, log } = deps;
  let seq = 0;
  /** The `seq` of each peer's latest claim of a host (a patch with `online: true`). */
  const claims = new Map<string, { peer: string; seq: number }>();
  const sendPatches = (patches: readonly HostPatch[]) => {
    for (let start = 0; start < patches.length; start += FULL_STATE_CHUNK) {
      bus.send("peer:hosts", { seq: ++seq, patches: patches.slice(start, start + FULL_STATE_CHUNK) });
    }
  };
  const sendFullState = () => {
    const held = fleet.heldHere();
    sendPatches(held);
    bus.send("peer:held", { seq: ++seq, hosts: held.map((patch) => patch.name) });
  };

  fleet.subscribe({
    patches: (patches) => sendPatches(patches.filter((patch) => fleet.heldBy(patch.name) === null)),
    removed: (name, byPeer) => {
      if (!byPeer) bus.send("peer:removed", { name });
    },
  });
  bus.on("peer:hosts", ({ from, seq: claimSeq, patches }) => {
    if (claimSeq !== undefined) {
      for (const { name, changes } of patches) if (changes.online === true) claims.set(name, { peer: from, seq: claimSeq });
    }
    const contested = fleet.applyPeerPatches(from, patches);
    if (contested.length > 0) {
      log.info("peer.host_contested", { peer: from, hosts: contested.length });
      sendPatches(contested.flatMap((name) => fleet.fullPatch(name) ?? []));
    }
  });
  bus.on("peer:held", ({ from, seq: heldSeq, hosts }) => {
    const listed = new Set(hosts);
    const released = fleet.releaseFromPeer(from, (name) => {
      const claim = claims.get(name);
      return !listed.has(name) && !(claim?.peer === from && claim.seq > heldSeq);
    });
    if (released.length > 0) log.info("peer.hosts_released", { peer: from, hosts: released.length });
  });
  bus.on("peer:state-request", ({ to }) => {
    if (to === null || to === bus.id) sendFullState();
  });
  bus.on("peer:removed", ({ name }) => fleet.forget(name));
  bus.onPeerJoined((peer) => bus.send("peer:state-request", { to: peer }));
  bus.onPeerLost((peer) => {
    const hosts = new Set(fleet.peerLost(peer));
    log.warn("peer.hosts_offline", { peer, hosts: hosts.size });
    commands.adopt((host) => hosts.has(host)).catch((error: unknown) =>
      log.error("peer.adopt_failed", { peer, error: String(error) }),
    );
  });
  bus.on("peer:disconnect-agent", ({ host, keepTokenId }) => agents.disconnectUnlessToken(host, keepTokenId));

  return {
    agents: {
      disconnectUnlessToken(host, keepTokenId) {
        agents.disconnectUnlessToken(host, keepTokenId);
        bus.send("peer:disconnect-agent", { host, keepTokenId });
      },
    },
    resync() {
      sendFullState();
      bus.send("peer:state-request", { to: null });
    },
  };
}
