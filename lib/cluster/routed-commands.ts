import type {
  CommandListener,
  CommandRequest,
  CommandRequests,
  CommandService,
  RequestOutcome,
  StopOutcome,
} from "../fleet/command-service";
import type { LiveFleet } from "../fleet/live-fleet";
import type { Logger } from "../logger";
import type { PeerBus } from "./peer-bus";

/** Command changes from a peer are sent on after this long, together. */
const CHANGE_BATCH_MS = 50;

/**
 * Commands on a fleet served by several replicas: a request goes to the replica the host's agent
 * is connected to, which records the command and follows it to its end. Listeners hear about
 * commands on every replica (a bulk run started here follows hosts held by peers).
 */
export class RoutedCommands implements CommandRequests {
  private readonly remoteListeners = new Set<CommandListener>();

  constructor(
    private readonly local: CommandService,
    private readonly fleet: LiveFleet,
    private readonly bus: PeerBus,
    private readonly log: Logger,
  ) {
    bus.serve("commands.request", async ({ requests }) => ({ outcomes: await local.requestMany(requests) }));
    bus.serve("commands.stop", ({ host, requestedBy, sourceIp }) => local.requestStop(host, requestedBy, sourceIp));
    bus.on("peer:commands", ({ commands }) => {
      for (const listener of this.remoteListeners) for (const command of commands) listener.changed(command);
    });
    let batch: Parameters<CommandListener["changed"]>[0][] = [];
    local.subscribe({
      output: () => undefined,
      changed: (command) => {
        if (batch.push(command) > 1) return;
        setTimeout(() => {
          const commands = batch;
          batch = [];
          bus.send("peer:commands", { commands });
        }, CHANGE_BATCH_MS).unref();
      },
    });
  }

  async request(request: CommandRequest): Promise<RequestOutcome> {
    const [outcome] = await this.requestMany([request]);
    return outcome!;
  }

  async requestMany(requests: readonly CommandRequest[]): Promise<RequestOutcome[]> {
    const byHolder = new Map<string | null, number[]>();
    requests.forEach((request, index) => {
      const holder = this.fleet.heldBy(request.host);
      byHolder.set(holder, [...(byHolder.get(holder) ?? []), index]);
    });
    const outcomes: RequestOutcome[] = new Array<RequestOutcome>(requests.length);
    await Promise.all(
      [...byHolder].map(async ([holder, indexes]) => {
        const batch = indexes.map((index) => requests[index]!);
        const results = holder === null ? await this.local.requestMany(batch) : await this.askPeer(holder, batch);
        indexes.forEach((index, i) => (outcomes[index] = results[i]!));
      }),
    );
    return outcomes;
  }

  async requestStop(host: string, requestedBy: string, sourceIp?: string): Promise<StopOutcome> {
    const holder = this.fleet.heldBy(host);
    if (holder === null) return this.local.requestStop(host, requestedBy, sourceIp);
    try {
      return await this.bus.call(holder, "commands.stop", { host, requestedBy, sourceIp });
    } catch (error) {
      this.log.warn("peer.stop_failed", { host, peer: holder, error: String(error) });
      return { ok: false, reason: `the dashboard replica holding ${host} did not answer` };
    }
  }

  /** Local changes come from the service itself; peers' changes from the bus. */
  subscribe(listener: CommandListener): () => void {
    const unsubscribe = this.local.subscribe(listener);
    this.remoteListeners.add(listener);
    return () => {
      unsubscribe();
      this.remoteListeners.delete(listener);
    };
  }

  private async askPeer(holder: string, requests: CommandRequest[]): Promise<RequestOutcome[]> {
    try {
      const { outcomes } = await this.bus.call(holder, "commands.request", { requests });
      if (outcomes.length === requests.length) return outcomes;
      throw new Error(`${outcomes.length} outcomes for ${requests.length} requests`);
    } catch (error) {
      this.log.warn("peer.request_failed", { peer: holder, hosts: requests.length, error: String(error) });
      return requests.map(({ host }) => ({ ok: false, reason: `the dashboard replica holding ${host} did not answer` }));
    }
  }
}
