import { afterEach, describe, expect, it } from "vitest";
import type { PeerEvent } from "../protocol/cluster";
import { testRegistration, testStatus } from "../../test-support/agent-messages";
import type { AgentDirectory } from "../fleet/agent-directory";
import { CommandService } from "../fleet/command-service";
import { RecordingAgents, succeeded, until } from "../../test-support/recording-agents";
import { BulkRuns } from "../fleet/bulk-runs";
import { LiveFleet } from "../fleet/live-fleet";
import { createLogger, type Logger } from "../logger";
import { openStore, type Store } from "../store/client";
import { findCommand } from "../store/commands";
import { storeBulkRuns } from "../store/bulk-runs";
import { createTestStore, storeAudit } from "../../test-support/test-store";
import { replicateFleet } from "./fleet-replication";
import { PeerBus, type PeerTransport } from "./peer-bus";
import { RoutedCommands } from "./routed-commands";

/**
 * Replicas wired as in production except for the wire: an in-process hub delivers each published
 * message, serialised, to every other replica on a later turn (as the Socket.IO adapter does).
 */
function createHub() {
  const members = new Set<Map<string, ((message: unknown) => void)[]>>();
  return {
    transport(): PeerTransport & { detach(): void } {
      const listeners = new Map<string, ((message: unknown) => void)[]>();
      members.add(listeners);
      return {
        publish(event, message) {
          if (!members.has(listeners)) return;
          const wire = JSON.stringify(message);
          for (const other of members) {
            if (other === listeners) continue;
            setImmediate(() => other.get(event)?.forEach((listener) => listener(JSON.parse(wire))));
          }
        },
        subscribe(event, listener) {
          listeners.set(event, [...(listeners.get(event) ?? []), listener]);
        },
        /** Cut off from the others: publishes nothing, receives nothing. */
        detach: () => void members.delete(listeners),
      };
    },
    /** Sends a raw message as if from a peer. */
    inject(event: PeerEvent, message: unknown) {
      for (const member of members) member.get(event)?.forEach((listener) => listener(message));
    },
  };
}

interface Replica {
  name: string;
  store: Store;
  fleet: LiveFleet;
  service: CommandService;
  link: RecordingAgents;
  requests: RoutedCommands;
  bulk: BulkRuns;
  bus: PeerBus;
  detach(): void;
  stop(): Promise<void>;
}

const log: Logger = createLogger("error");
const TIMING = { aliveIntervalMs: 50, lostAfterMs: 1_000, callTimeoutMs: 2_000 };

async function sqliteFile(store: Store): Promise<string> {
  const rows = await store.$queryRawUnsafe<{ file: string }[]>("PRAGMA database_list");
  return rows[0]!.file;
}

/** This replica's own agent connections: the replicas under test hold none. */
const noAgentsHere: AgentDirectory = { disconnectUnlessToken: () => undefined };

describe("replicas sharing one store", () => {
  const replicas: Replica[] = [];
  let hub = createHub();
  let file = "";

  async function startReplica(name: string, timing: Partial<typeof TIMING> = {}): Promise<Replica> {
    let store: Store;
    if (file) store = await openStore(`file:${file}`);
    else {
      store = await createTestStore();
      file = await sqliteFile(store);
    }
    const fleet = new LiveFleet(store, log, { patchIntervalMs: 10, persistIntervalMs: 50 });
    await fleet.start();
    const link = new RecordingAgents();
    const service = new CommandService(store, fleet, link, log, storeAudit(store), { lostAfterMs: 300, resultGraceMs: 100 });
    const transport = hub.transport();
    const bus = new PeerBus(transport, log, { ...TIMING, ...timing });
    replicateFleet({ bus, fleet, commands: service, agents: noAgentsHere, log });
    const requests = new RoutedCommands(service, fleet, bus, log);
    bus.start();
    await new Promise((resolve) => setTimeout(resolve, 2 * TIMING.aliveIntervalMs));
    await service.start();
    const bulk = new BulkRuns(requests, storeBulkRuns(store), log, storeAudit(store), 10);
    const replica: Replica = {
      name, store, fleet, service, link, requests, bulk, bus,
      detach: () => transport.detach(),
      stop: async () => {
        bus.stop();
        service.stop();
        transport.detach();
        await fleet.stop();
        await store.$disconnect();
      },
    };
    replicas.push(replica);
    return replica;
  }

  afterEach(async () => {
    for (const replica of replicas.splice(0)) await replica.stop();
    hub = createHub();
    file = "";
  });

  it("shows a host connected to one replica on the other, with its heartbeats", async () => {
    const a = await startReplica("a");
    const b = await startReplica("b");
    await a.fleet.register(testRegistration("web-1"));
    const seen = await until(() => b.fleet.get("web-1")?.online && b.fleet.get("web-1"), "web-1 online on b");
    expect(seen.platform).toBe("nixos");
    expect(b.fleet.heldBy("web-1")).toBe(a.bus.id);
    expect(a.fleet.heldBy("web-1")).toBeNull();

    a.fleet.heartbeat("web-1", { status: testStatus({ uptimeSeconds: 4242 }) });
    await until(() => b.fleet.get("web-1")?.uptimeSeconds === 4242, "the heartbeat on b");
    a.fleet.disconnect("web-1");
    await until(() => b.fleet.get("web-1")?.online === false, "web-1 offline on b");
    expect(b.fleet.heldBy("web-1")).toBeNull();
  });

  it("tells a replica that starts later about the hosts already connected", async () => {
    const a = await startReplica("a");
    await a.fleet.register(testRegistration("web-1"));
    await a.fleet.register(testRegistration("web-2"));
    const b = await startReplica("b");
    expect(b.fleet.get("web-1")?.online).toBe(true);
    expect(b.fleet.get("web-2")?.online).toBe(true);
    expect(b.fleet.heldBy("web-2")).toBe(a.bus.id);
  });

  it("runs a command requested on one replica on the replica holding the agent", async () => {
    const a = await startReplica("a");
    const b = await startReplica("b");
    await a.fleet.register(testRegistration("web-1"));
    await until(() => b.fleet.heldBy("web-1"), "b to learn who holds web-1");

    const outcome = await b.requests.request({ host: "web-1", type: "switch", requestedBy: "admin" });
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(a.link.runs).toEqual([{ host: "web-1", command: { id: outcome.command.id, type: "switch" } }]);
    expect(b.link.runs).toEqual([]);
    expect(outcome.command.state).toBe("running");
    // a follows the command: its result is stored there and the last command reaches b's fleet.
    await a.service.receiveResult("web-1", succeeded(outcome.command.id, "switch"));
    expect((await findCommand(b.store, outcome.command.id))?.command.state).toBe("succeeded");
    await until(() => b.fleet.get("web-1")?.lastCommand?.state === "succeeded", "the result on b");
  });

  it("follows a bulk run across replicas to its summary", async () => {
    const a = await startReplica("a");
    const b = await startReplica("b");
    await a.fleet.register(testRegistration("web-1"));
    await b.fleet.register(testRegistration("web-2"));
    await until(() => b.fleet.heldBy("web-1") && a.fleet.heldBy("web-2"), "both replicas to know both hosts");

    const views: { succeeded: number; running: number; finished: boolean }[] = [];
    b.bulk.subscribe((run) => views.push({ ...run.counts, finished: run.finishedAt !== null }));
    const run = await b.bulk.start({ hosts: ["web-1", "web-2", "ghost"], type: "pull", requestedBy: "admin" });
    expect(run.counts).toEqual({ running: 2, succeeded: 0, failed: 0, skipped: 1 });
    expect(a.link.runs.map((r) => r.host)).toEqual(["web-1"]);
    expect(b.link.runs.map((r) => r.host)).toEqual(["web-2"]);

    for (const [replica, host] of [[a, "web-1"], [b, "web-2"]] as const) {
      const commandId = replica.link.runs[0]!.command.id;
      await replica.service.receiveResult(host, succeeded(commandId, "pull"));
    }
    const last = await until(() => views.find((view) => view.finished), "the run to finish on b");
    expect(last).toEqual({ running: 0, succeeded: 2, failed: 0, skipped: 1, finished: true });
  });

  it("takes the host of a replica that went silent offline, and gives up on its command later", async () => {
    const a = await startReplica("a");
    const b = await startReplica("b");
    await a.fleet.register(testRegistration("web-1"));
    const outcome = await a.requests.request({ host: "web-1", type: "switch", requestedBy: "admin" });
    if (!outcome.ok) throw new Error(outcome.reason);
    await until(() => b.fleet.get("web-1")?.online, "web-1 online on b");

    // Cut off first, so its goodbye never arrives: b must notice the silence.
    a.detach();
    a.bus.stop();
    await until(() => b.fleet.get("web-1")?.online === false, "web-1 offline on b after a went silent");
    const lost = await until(
      () => b.fleet.get("web-1")?.lastCommand?.state === "lost" && b.fleet.get("web-1")?.lastCommand,
      "b to mark the command lost",
    );
    expect(lost!.id).toBe(outcome.command.id);
    expect((await findCommand(b.store, outcome.command.id))?.command.state).toBe("lost");
  });

  it("takes the hosts of a replica that says it is stopping offline at once, without waiting for its silence", async () => {
    const a = await startReplica("a");
    const b = await startReplica("b", { lostAfterMs: 600_000 });
    await a.fleet.register(testRegistration("web-1"));
    await until(() => b.fleet.get("web-1")?.online, "web-1 online on b");
    // What a stopping dashboard does: say goodbye, then its adapter closes.
    a.bus.stop();
    a.detach();
    await until(() => b.fleet.get("web-1")?.online === false, "web-1 offline on b after a left");
    expect(b.bus.alivePeers).toEqual([]);
  });

  it("keeps a host online when its agent moved and the old replica notices late", async () => {
    const a = await startReplica("a");
    const b = await startReplica("b");
    const c = await startReplica("c");
    await a.fleet.register(testRegistration("web-1"));
    await until(() => c.fleet.heldBy("web-1") === a.bus.id, "c to see web-1 on a");

    await b.fleet.register(testRegistration("web-1"));
    await until(() => c.fleet.heldBy("web-1") === b.bus.id && a.fleet.heldBy("web-1") === b.bus.id, "the move to b");
    a.fleet.disconnect("web-1");
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const replica of [a, b, c]) expect(replica.fleet.get("web-1")?.online, replica.name).toBe(true);
  });

  it("does not mark lost a command whose agent finished it on another replica", async () => {
    const a = await startReplica("a");
    const b = await startReplica("b");
    await a.fleet.register(testRegistration("web-1"));
    const outcome = await a.requests.request({ host: "web-1", type: "switch", requestedBy: "admin" });
    if (!outcome.ok) throw new Error(outcome.reason);
    // The agent loses a, reconnects to b while still running the command, and finishes it there.
    a.fleet.disconnect("web-1");
    await a.service.agentDisconnected("web-1");
    await b.fleet.register(testRegistration("web-1", { status: testStatus({ runningCommand: { id: outcome.command.id, type: "switch" } }) }));
    await b.service.agentRegistered("web-1", testStatus({ runningCommand: { id: outcome.command.id, type: "switch" } }));
    expect((await findCommand(b.store, outcome.command.id))?.command.state).toBe("running");
    // a's timer for the command it stopped hearing about fires (lostAfterMs 300) and must not win.
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await findCommand(b.store, outcome.command.id))?.command.state).toBe("running");
    await b.service.receiveResult("web-1", succeeded(outcome.command.id, "switch"));
    expect((await findCommand(a.store, outcome.command.id))?.command.state).toBe("succeeded");
  });

  it("drops a malformed or foreign peer message and keeps working", async () => {
    const a = await startReplica("a");
    const b = await startReplica("b");
    hub.inject("peer:hosts", { from: "x", patches: [{ name: "bad name!", changes: {} }] });
    hub.inject("peer:hosts", { from: "x", patches: [{ name: "web-9", changes: { notAField: 1 } }] });
    hub.inject("peer:call", { from: "x", to: b.bus.id, id: "not-a-uuid", method: "commands.request", payload: {} });
    hub.inject("peer:commands", "nonsense");
    // A partial patch of a host nobody knows cannot create it.
    hub.inject("peer:hosts", { from: "x", patches: [{ name: "web-9", changes: { online: true } }] });
    expect(b.fleet.get("web-9")).toBeUndefined();
    await a.fleet.register(testRegistration("web-1"));
    await until(() => b.fleet.get("web-1")?.online, "web-1 online on b after the bad messages");
  });

  it("answers a request for a host whose replica does not answer with a reason, not an error", async () => {
    const a = await startReplica("a");
    const b = await startReplica("b");
    await a.fleet.register(testRegistration("web-1"));
    await until(() => b.fleet.heldBy("web-1"), "b to learn who holds web-1");
    a.detach();
    const outcome = await b.requests.request({ host: "web-1", type: "pull", requestedBy: "admin" });
    expect(outcome).toEqual({ ok: false, reason: "the dashboard replica holding web-1 did not answer" });
  });
});
