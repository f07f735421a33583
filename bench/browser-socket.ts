import { io, type Socket } from "socket.io-client";
import type { BrowserToServerEvents, BulkRunView, HostPatch, OutputLine, ServerToBrowserEvents } from "../lib/protocol/browser";
import { BROWSER_NAMESPACE } from "../lib/protocol/browser";
import { benchHostIndex, parseOutputLine } from "./agent-messages";
import { Reservoir } from "./stats";

type BrowserSocket = Socket<ServerToBrowserEvents, BrowserToServerEvents>;

/**
 * A logged-in browser's socket (session cookie and the dashboard's Origin), used to measure what a
 * browser sees: heartbeat→patch latency, hosts coming online, bulk progress and watched output.
 */
export class BenchBrowser {
  readonly socket: BrowserSocket;
  /** Heartbeat→browser latencies (ms) while `measuring` is on. */
  readonly latency = new Reservoir();
  /** The same latencies in 5-second windows of the measurement, to see when slow ones happened. */
  readonly latencyWindows: Reservoir[] = [];
  private measureStart = 0;
  private measuringNow = false;
  patchMessages = 0;
  readonly disconnects: string[] = [];
  readonly online = new Set<string>();
  /** Heartbeats (patches that move lastSeenAt) of the hosts put in here, counted. */
  readonly heartbeatsOf = new Map<string, number>();
  private onlineWaiter: { count: number; resolve: () => void } | null = null;
  private progressListener: ((run: BulkRunView) => void) | null = null;
  /** Output of the watched command. */
  readonly watch = { commandId: "", lag: new Reservoir(), seqs: new Set<number>(), messages: 0 };

  constructor(
    url: string,
    private readonly runId: string,
    private readonly epoch: number,
    headers: Record<string, string>,
  ) {
    // Reconnects as the fleet page does; a disconnect is counted, since a browser should never see one here.
    this.socket = io(`${url}${BROWSER_NAMESPACE}`, { forceNew: true, transports: ["websocket"], extraHeaders: headers, reconnectionDelayMax: 2_000 });
    this.socket.on("disconnect", (reason) => {
      this.disconnects.push(`${new Date().toISOString()} ${reason}`);
    });
    this.socket.on("fleet:patches", (patches) => this.onPatches(patches));
    this.socket.on("bulk:progress", (run) => this.progressListener?.(run));
    this.socket.on("command:output", ({ commandId, lines }) => this.onOutput(commandId, lines));
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.connected) return resolve();
      this.socket.once("connect", () => resolve());
      this.socket.once("connect_error", (error) => reject(new Error(`browser socket: ${error.message}`)));
    });
  }

  get measuring(): boolean {
    return this.measuringNow;
  }

  /** Starts (clearing what was measured) or stops measuring heartbeat latency. */
  set measuring(on: boolean) {
    if (on && !this.measuringNow) {
      this.latency.clear();
      this.latencyWindows.length = 0;
      this.measureStart = Date.now();
    }
    this.measuringNow = on;
  }

  private onPatches(patches: HostPatch[]): void {
    const now = Date.now();
    this.patchMessages += 1;
    for (const patch of patches) {
      const beats = this.heartbeatsOf.get(patch.name);
      if (beats !== undefined && patch.changes.lastSeenAt !== undefined) this.heartbeatsOf.set(patch.name, beats + 1);
      if (benchHostIndex(this.runId, patch.name) < 0) continue;
      const { online, uptimeSeconds } = patch.changes;
      if (online === true) this.online.add(patch.name);
      else if (online === false) this.online.delete(patch.name);
      if (this.measuring && uptimeSeconds !== undefined) {
        const latency = now - (this.epoch + uptimeSeconds);
        this.latency.add(latency);
        const window = Math.floor((now - this.measureStart) / 5_000);
        (this.latencyWindows[window] ??= new Reservoir(5_000)).add(latency);
      }
    }
    if (this.onlineWaiter && this.online.size >= this.onlineWaiter.count) {
      this.onlineWaiter.resolve();
      this.onlineWaiter = null;
    }
  }

  /** Resolves once `count` of this run's hosts were reported online (or after `timeoutMs`). */
  waitOnline(count: number, timeoutMs: number): Promise<boolean> {
    if (this.online.size >= count) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.onlineWaiter = null;
        resolve(false);
      }, timeoutMs);
      this.onlineWaiter = {
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
    });
  }

  onProgress(listener: ((run: BulkRunView) => void) | null): void {
    this.progressListener = listener;
  }

  async bulk(hosts: string[], type: "pull" | "switch" | "pull-switch" | "test"): Promise<BulkRunView> {
    if (!this.socket.connected) await this.connected();
    const reply = await this.socket.timeout(300_000).emitWithAck("bulk:request", { hosts, type });
    if (!reply.ok) throw new Error(`bulk:request refused: ${reply.error}`);
    return reply.run;
  }

  async watchCommand(commandId: string): Promise<void> {
    this.watch.commandId = commandId;
    const reply = await this.socket.timeout(60_000).emitWithAck("command:watch", { commandId });
    if (!reply.ok) throw new Error(`command:watch refused: ${reply.error}`);
    for (const line of reply.lines) this.watch.seqs.add(line.seq);
  }

  private onOutput(commandId: string, lines: OutputLine[]): void {
    if (commandId !== this.watch.commandId) return;
    const now = Date.now();
    this.watch.messages += 1;
    for (const line of lines) {
      this.watch.seqs.add(line.seq);
      const parsed = parseOutputLine(line.line);
      if (parsed) this.watch.lag.add(now - parsed.printedAt);
    }
  }

  close(): void {
    this.socket.disconnect();
  }
}
