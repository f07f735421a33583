import { io, type Socket } from "socket.io-client";
import type { CommandType } from "@/lib/protocol/agent";
import type {
  BrowserReply,
  BrowserToServerEvents,
  BulkRunView,
  CommandRequestMessage,
  FleetTargetState,
  OutputLine,
  ServerToBrowserEvents,
  WatchedCommand,
} from "@/lib/protocol/browser";
import type { BulkStore } from "@/lib/ui/bulk-store";
import { commandTypeWords } from "@/lib/ui/command-labels";
import type { FleetStore } from "@/lib/ui/fleet-store";
import type { NoticeStore } from "@/lib/ui/notice-store";
import { BROWSER_NAMESPACE } from "@/lib/protocol/constants";

type FleetSocket = Socket<ServerToBrowserEvents, BrowserToServerEvents>;

/** How long a request waits for the dashboard's reply. */
const ACK_TIMEOUT_MS = 15_000;
const NO_ANSWER = "The dashboard did not answer in time. Check the connection and try again.";

/** Someone watching a command's output (the output panel). */
export interface OutputWatcher {
  /** Lines from the watch reply and then live ones; the same line may come twice (dedupe by seq). */
  onLines(lines: readonly OutputLine[]): void;
  onCommand(command: WatchedCommand): void;
  /** Set once, with the watch reply. */
  onBacklog?(info: { truncated: boolean }): void;
  onError?(error: string): void;
}

/** What a command request carries besides the host and the command (lib/protocol/browser.ts). */
export type CommandOptions = Pick<CommandRequestMessage, "generation" | "runTests">;

/**
 * The page's one connection to the dashboard's browser namespace: feeds the fleet store (snapshot,
 * patches, target), the bulk store, and output watchers; sends commands and requests. Failures
 * become notices with words a user can act on.
 */
export class FleetClient {
  private socket: FleetSocket | null = null;
  private readonly watchers = new Map<string, Set<OutputWatcher>>();

  constructor(
    readonly store: FleetStore,
    readonly bulk: BulkStore,
    readonly notices: NoticeStore,
  ) {}

  /** Opens the socket (the session cookie authenticates it); returns the function that closes it. */
  connect(): () => void {
    const socket: FleetSocket = io(BROWSER_NAMESPACE, { withCredentials: true, transports: ["websocket"] });
    this.socket = socket;
    const { store } = this;
    // Opened again after a pause: what the store holds is from before, until the new snapshot.
    store.setConnection(store.isLoaded() ? "reconnecting" : "connecting");
    // Socket.IO retries by itself unless the server refused us (socket.active is then false).
    const lost = () => store.setConnection(socket.active ? "reconnecting" : "disconnected");
    socket.on("connect", () => {
      store.setConnection("live");
      // A new connection has joined no command room: watch again what is open.
      for (const commandId of this.watchers.keys()) this.sendWatch(commandId);
    });
    // The server closes the socket of a session that ended (logout, disabled user, new role, expiry):
    // the page then leaves for the login form instead of showing a fleet that no longer updates.
    socket.on("disconnect", (reason) => {
      lost();
      if (reason === "io server disconnect") void leaveIfSignedOut();
    });
    socket.on("connect_error", (error) => {
      lost();
      if (error.message === "not logged in") void leaveIfSignedOut();
    });
    socket.on("fleet:snapshot", (part) => store.applySnapshotPart(part));
    socket.on("fleet:patches", (patches) => store.applyPatches(patches));
    socket.on("host:removed", (name) => store.removeHost(name));
    socket.on("fleet:target", (state) => store.setTarget(state));
    socket.on("dashboard:health", (health) => store.setHealth(health));
    socket.on("bulk:progress", (run) => this.bulk.update(run));
    socket.on("command:output", ({ commandId, lines }) => {
      for (const watcher of this.watchers.get(commandId) ?? []) watcher.onLines(lines);
    });
    socket.on("command:changed", (command) => {
      for (const watcher of this.watchers.get(command.id) ?? []) watcher.onCommand(command);
    });
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
      if (this.socket === socket) this.socket = null;
    };
  }

  /**
   * Starts a command on one host; false (and a notice saying why) when it did not start. Options:
   * `generation` only for a rollback (default: the previous one), `runTests` only for a switch.
   */
  async requestCommand(host: string, type: CommandType, options: CommandOptions = {}): Promise<boolean> {
    const request = { host, type, ...options };
    const reply = await this.ask((socket) => socket.timeout(ACK_TIMEOUT_MS).emitWithAck("command:request", request));
    if (!reply.ok) this.notices.push("error", `${host}: ${commandTypeWords(type)} did not start: ${reply.error}`);
    return reply.ok;
  }

  async stop(host: string): Promise<boolean> {
    const reply = await this.ask((socket) => socket.timeout(ACK_TIMEOUT_MS).emitWithAck("command:stop", { host }));
    if (!reply.ok) this.notices.push("error", `${host}: could not stop: ${reply.error}`);
    return reply.ok;
  }

  /** Runs one command on many hosts; the run's progress then arrives in the bulk store. */
  async requestBulk(hosts: readonly string[], type: CommandType, options: Pick<CommandOptions, "runTests"> = {}): Promise<BulkRunView | null> {
    const reply = await this.ask((socket) =>
      socket.timeout(ACK_TIMEOUT_MS).emitWithAck("bulk:request", { hosts: [...hosts], type, ...options }),
    );
    if (!reply.ok) {
      this.notices.push("error", `The bulk ${commandTypeWords(type)} did not start: ${reply.error}`);
      return null;
    }
    this.bulk.update(reply.run);
    return reply.run;
  }

  /** Fetches version.json now. */
  async refreshTarget(): Promise<FleetTargetState | null> {
    const reply = await this.ask((socket) => socket.timeout(ACK_TIMEOUT_MS).emitWithAck("target:refresh", {}));
    if (!reply.ok) {
      this.notices.push("error", `Could not refresh the fleet target: ${reply.error}`);
      return null;
    }
    this.store.setTarget(reply.state);
    return reply.state;
  }

  /** Follows a command's output: what is stored first, then live lines. Returns the function that stops. */
  watch(commandId: string, watcher: OutputWatcher): () => void {
    let set = this.watchers.get(commandId);
    const first = !set;
    if (!set) {
      set = new Set();
      this.watchers.set(commandId, set);
    }
    set.add(watcher);
    if (first) this.sendWatch(commandId);
    else this.sendWatch(commandId, watcher);
    return () => {
      set.delete(watcher);
      if (set.size > 0) return;
      this.watchers.delete(commandId);
      this.socket?.emit("command:unwatch", { commandId });
    };
  }

  private sendWatch(commandId: string, only?: OutputWatcher): void {
    void this.ask((socket) => socket.timeout(ACK_TIMEOUT_MS).emitWithAck("command:watch", { commandId })).then((reply) => {
      const targets = only ? [only] : [...(this.watchers.get(commandId) ?? [])];
      for (const watcher of targets) {
        if (!this.watchers.get(commandId)?.has(watcher)) continue;
        if (!reply.ok) {
          watcher.onError?.(reply.error);
          continue;
        }
        watcher.onCommand(reply.command);
        watcher.onLines(reply.lines);
        watcher.onBacklog?.({ truncated: reply.truncated });
      }
    });
  }

  private async ask<T extends object>(send: (socket: FleetSocket) => Promise<BrowserReply<T>>): Promise<BrowserReply<T>> {
    const socket = this.socket;
    if (!socket) return { ok: false, error: "not connected to the dashboard" };
    try {
      return await send(socket);
    } catch {
      return { ok: false, error: NO_ANSWER };
    }
  }
}

/** Goes to the login form (back here after it) when the browser's session no longer counts. */
async function leaveIfSignedOut(): Promise<void> {
  const session: unknown = await fetch("/api/auth/session", { cache: "no-store" })
    .then((response) => response.json())
    .catch(() => undefined);
  // next-auth answers {} without a session; no answer at all is a network problem, not a logout.
  if (session === undefined || (typeof session === "object" && session !== null && "user" in session)) return;
  const here = window.location.pathname + window.location.search;
  window.location.assign(`/login?callbackUrl=${encodeURIComponent(here)}`);
}
