import { randomUUID } from "node:crypto";
import type { AuditLog } from "../audit/audit-log";
import type { Logger } from "../logger";
import type {
  Ack,
  CommandResult,
  CommandRun,
  CommandRunAck,
  CommandType,
  HostStatus,
  OutputAck,
  OutputChunk,
  CommandOutputMessage,
} from "../protocol/agent";
import type { CommandSummary } from "../protocol/browser";
import type { Store } from "../store/client";
import {
  confirmCommand,
  createCommands,
  findCommand,
  findExistingCommandIds,
  findLatestCommands,
  findLatestSystemChanges,
  findLatestTestRuns,
  findOpenCommands,
  findOutputMarks,
  findStoredThrough,
  insertOutputCut,
  insertOutputs,
  markCommandsRunning,
  updateCommands,
  type CommandOutput,
  type CommandUpdate,
  type IdentifiedUpdate,
  type HostCommand,
} from "../store/commands";
import { isFinalState } from "../protocol/constants";
import { previewSummary } from "../protocol/preview";
import { testRunSummary } from "../protocol/test-runs";
import { findLatestPreviews } from "../store/previews";
import { commandTimes } from "./command-clock";
import { checkCommandRequest, nextCommandState, type CommandEvent, type RequestCheck } from "./command-lifecycle";
import type { LiveFleet } from "./live-fleet";
import { OutputBudget } from "./output-budget";
import { measureOutput } from "../store/output-size";
import { Batcher } from "../batcher";

/** How the service reaches a connected agent (the gateway implements it). */
export interface AgentLink {
  run(host: string, command: CommandRun): Promise<CommandRunAck>;
  stop(host: string, commandId: string): Promise<Ack>;
}

export interface CommandListener {
  output(commandId: string, chunks: readonly OutputChunk[]): void;
  changed(command: CommandSummary & { hostName: string }): void;
}

export interface CommandRequest {
  host: string;
  type: CommandType;
  requestedBy: string;
  sourceIp?: string;
  bulkRunId?: string;
  /**
   * The command's id when the caller chose it (a rollout records it before asking, so that a
   * restart never starts the host twice); a request with an id that exists is refused.
   */
  id?: string;
  /** Only for `rollback`: the generation to return to (default: the previous one). */
  generation?: number;
  /** Only for `switch` and `pull-switch`: false skips the agent's health gate (absent: on). */
  runTests?: boolean;
}

/** A request's command and options as a route or socket handler parsed them, without absent options. */
export function commandOptions(parsed: { type: CommandType; generation?: number | undefined; runTests?: boolean | undefined }): Pick<CommandRequest, "type" | "generation" | "runTests"> {
  return {
    type: parsed.type,
    ...(parsed.generation === undefined ? {} : { generation: parsed.generation }),
    ...(parsed.runTests === undefined ? {} : { runTests: parsed.runTests }),
  };
}

export type RequestOutcome = { ok: true; command: CommandSummary } | { ok: false; reason: string };
export type StopOutcome = { ok: true } | { ok: false; reason: string };

/**
 * What browsers, routes and bulk runs ask of commands: the service itself on a single dashboard,
 * or a router that hands each host's request to the replica its agent is connected to.
 */
export interface CommandRequests {
  request(request: CommandRequest): Promise<RequestOutcome>;
  requestMany(requests: readonly CommandRequest[]): Promise<RequestOutcome[]>;
  requestStop(host: string, requestedBy: string, sourceIp?: string): Promise<StopOutcome>;
  subscribe(listener: CommandListener): () => void;
}

export interface CommandServiceOptions {
  /** How long a command may wait for its agent to come back before it is marked lost. */
  lostAfterMs: number;
  /** After the agent is back without the command running, how long its result may take to arrive. */
  resultGraceMs: number;
  /** Characters of output kept per command (default MAX_OUTPUT_CHARS_PER_COMMAND). */
  maxOutputChars?: number;
}

/** Where a command's stored output stands, kept in memory so that a batch does not rescan the command. */
interface OutputMarks {
  /** Every line up to this one is stored (a lower bound: another replica may have stored more). */
  storedThrough: number;
  highestSeen: number;
  /** The last line of an ended command, from its result: later output is not the command's. */
  lastSeq?: number;
}

interface OpenCommand extends OutputMarks {
  host: string;
  /** Every line up to this one was relayed to watchers (or stored before the command was followed here). */
  relayedThrough: number;
  summary: CommandSummary;
  /** When the agent accepted it, by the dashboard's clock (null while queued). */
  startedAt: number | null;
  /** Gives up on the command when it fires; `lostAfterMs` is its delay. */
  lostTimer?: NodeJS.Timeout;
  lostAfterMs?: number;
}

/**
 * How long state changes and output wait for others to share their statement: a bulk run's results
 * and hundreds of agents' output arrive together, and one statement each was most of the dashboard's
 * work per message.
 */
const UPDATE_WINDOW_MS = 10;

/** Ended commands whose output marks are kept: output resent after a result, or after a restart, is common. */
const LATE_MARKS_KEPT = 1_000;

/** The dashboard's half of the command lifecycle: records, agent round trips, output and results. */
export class CommandService implements CommandRequests {
  private readonly open = new Map<string, OpenCommand>();
  /** Output marks of ended commands, least recently used first. */
  private readonly lateMarks = new Map<string, OutputMarks>();
  private readonly listeners = new Set<CommandListener>();
  /** Lines relayed to watchers and not stored yet, by command: a watcher starting now gets them with its backlog. */
  private readonly unstored = new Map<string, OutputChunk[]>();
  /** What each command may still store: an agent cannot append without end to its own commands. */
  private readonly outputBudget: OutputBudget;
  /** State changes of commands, written together (UPDATE_WINDOW_MS). */
  private readonly updates: Batcher<IdentifiedUpdate, CommandSummary | null>;
  /** Output of commands, written together (UPDATE_WINDOW_MS). */
  private readonly outputs: Batcher<CommandOutput, void>;

  constructor(
    private readonly store: Store,
    private readonly fleet: LiveFleet,
    private readonly link: AgentLink,
    private readonly log: Logger,
    private readonly audit: AuditLog,
    private readonly options: CommandServiceOptions,
  ) {
    this.outputBudget = new OutputBudget((commandId) => measureOutput(store, commandId), options.maxOutputChars);
    this.updates = new Batcher((updates) => updateCommands(store, updates), UPDATE_WINDOW_MS);
    this.outputs = new Batcher(async (outputs) => {
      await insertOutputs(store, outputs);
      return outputs.map(() => undefined);
    }, UPDATE_WINDOW_MS);
  }


  /**
   * Shows each host's latest command, and waits for the agents of commands that were running,
   * except on hosts whose agents are connected to a peer replica (which follows their commands).
   */
  async start(): Promise<void> {
    // The latest switch first: a host's latest command, when it is a later one, keeps the mark it leaves.
    for (const { host, command } of await findLatestSystemChanges(this.store)) {
      if (this.fleet.heldBy(host) === null) this.fleet.setLastCommand(host, command);
    }
    for (const { host, command } of await findLatestCommands(this.store)) {
      if (this.fleet.heldBy(host) === null) this.fleet.setLastCommand(host, command);
    }
    for (const { host, testRun } of await findLatestTestRuns(this.store)) {
      if (this.fleet.heldBy(host) === null) this.fleet.setLastTest(host, testRun);
    }
    for (const { host, summary } of await findLatestPreviews(this.store)) {
      if (this.fleet.heldBy(host) === null) this.fleet.setLastPreview(host, summary);
    }
    await this.adopt(() => true);
  }

  /** Follows the open commands of hosts no replica holds now (at start, or after a peer stopped). */
  async adopt(hosts: (host: string) => boolean): Promise<void> {
    for (const stored of await findOpenCommands(this.store)) {
      const { host, command } = stored;
      if (this.open.has(command.id) || !hosts(host) || this.fleet.heldBy(host) !== null) continue;
      const open = openFromStore(stored, await findOutputMarks(this.store, command.id));
      this.open.set(command.id, open);
      await this.apply(open, { kind: "agent-disconnected" });
    }
  }

  stop(): void {
    for (const open of this.open.values()) clearTimeout(open.lostTimer);
  }

  subscribe(listener: CommandListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async request(request: CommandRequest): Promise<RequestOutcome> {
    const [outcome] = await this.requestMany([request]);
    return outcome!;
  }

  /**
   * Starts commands on many hosts at once (a bulk run): one batch insert, all agents asked
   * concurrently, one batch update for those that accepted. Commands of a bulk run are audited
   * once, as the run.
   */
  async requestMany(requests: readonly CommandRequest[]): Promise<RequestOutcome[]> {
    const taken = await findExistingCommandIds(this.store, requests.flatMap((request) => (request.id ? [request.id] : [])));
    const checks = requests.map((request): RequestCheck =>
      request.id && taken.has(request.id)
        ? { ok: false, reason: `command ${request.id} exists already` }
        : checkCommandRequest(this.fleet.get(request.host), request.type),
    );
    const outcomes: RequestOutcome[] = checks.map((check) => (check.ok ? { ok: false, reason: "not started" } : check));
    const startable = requests.flatMap((request, index) => (checks[index]!.ok ? [{ request, index }] : []));
    if (startable.length === 0) return outcomes;

    await this.fleet.hostsStored();
    const created = await createCommands(
      this.store,
      startable.map(({ request }) => ({
        id: request.id ?? randomUUID(),
        hostName: request.host,
        type: request.type,
        requestedBy: request.requestedBy,
        bulkRunId: request.bulkRunId,
      })),
    );
    const opens = created.map((summary, i): OpenCommand => {
      const open: OpenCommand = { host: startable[i]!.request.host, summary, startedAt: null, storedThrough: 0, highestSeen: 0, relayedThrough: 0 };
      this.open.set(summary.id, open);
      this.outputBudget.created(summary.id);
      this.publish(open);
      return open;
    });
    const audited = startable.filter(({ request }) => !request.bulkRunId);
    if (audited.length > 0) {
      await this.audit.recordMany(
        audited.map(({ request }) => ({
          actor: request.requestedBy,
          action: `command.${request.type}` as const,
          target: request.host,
          sourceIp: request.sourceIp,
          detail: {
            commandId: created[startable.findIndex((s) => s.request === request)]!.id,
            ...(request.runTests === false ? { runTests: false } : {}),
          },
        })),
      );
    }

    const acks = await Promise.all(
      opens.map((open, i) => this.link.run(open.host, commandRun(open.summary, startable[i]!.request))),
    );
    // A command whose result came in while the other agents were still being asked has ended:
    // it must not be marked running again.
    const accepted = opens.filter((open, i) => acks[i]!.accepted && open.summary.state === "queued");
    const startedAt = new Date();
    await markCommandsRunning(this.store, accepted.map((open) => open.summary.id), startedAt);
    for (const open of accepted) {
      open.summary = { ...open.summary, state: "running" };
      open.startedAt = startedAt.getTime();
      this.log.info("command.state", { host: open.host, command: open.summary.id, type: open.summary.type, state: "running" });
      this.publish(open);
    }
    await Promise.all(
      opens.map(async (open, i) => {
        const ack = acks[i]!;
        const index = startable[i]!.index;
        if (ack.accepted) {
          outcomes[index] = { ok: true, command: open.summary };
          return;
        }
        await this.apply(open, { kind: "refused" }, { reason: ack.reason, finishedAt: new Date() });
        outcomes[index] = { ok: false, reason: ack.reason };
      }),
    );
    return outcomes;
  }

  async requestStop(host: string, requestedBy: string, sourceIp?: string): Promise<StopOutcome> {
    const view = this.fleet.get(host);
    const check = checkCommandRequest(view, "stop");
    if (!check.ok) return check;
    const commandId = view?.runningCommand?.id ?? view?.lastCommand?.id;
    if (!commandId) return { ok: false, reason: "nothing is running" };
    await this.audit.record({ actor: requestedBy, action: "command.stop", target: host, sourceIp, detail: { commandId } });
    const ack = await this.link.stop(host, commandId);
    return ack.ok ? { ok: true } : { ok: false, reason: ack.error };
  }

  /**
   * Hands output of an open command to its watchers as it arrives, before it is stored (the gateway
   * calls this as the message is read, `receiveOutput` stores it in turn): watchers see lines as they
   * are printed, not as the store catches up. Lines up to the mark already relayed without a gap are
   * not sent again (a watcher drops a line it got twice, by seq); output over the command's limit is not sent.
   */
  relayOutput(host: string, message: CommandOutputMessage): void {
    const open = this.open.get(message.commandId);
    if (open?.host !== host) return;
    const from = Math.max(open.storedThrough, open.relayedThrough);
    const fresh = message.chunks.filter((chunk) => chunk.seq > from);
    if (fresh.length === 0 || !this.outputBudget.fits(message.commandId, fresh)) return;
    open.relayedThrough = continuesFrom(from, fresh) ?? from;
    this.unstored.set(message.commandId, [...(this.unstored.get(message.commandId) ?? []), ...fresh]);
    for (const listener of this.listeners) listener.output(message.commandId, fresh);
  }

  /** The lines of a command relayed to watchers but not stored yet. */
  unstoredOutput(commandId: string): readonly OutputChunk[] {
    return this.unstored.get(commandId) ?? [];
  }

  /** Forgets relayed lines once stored (up to the stored mark, or all of them when the command ended). */
  private forgetStored(commandId: string, storedThrough: number): void {
    const left = (this.unstored.get(commandId) ?? []).filter((chunk) => chunk.seq > storedThrough);
    if (left.length > 0) this.unstored.set(commandId, left);
    else this.unstored.delete(commandId);
  }

  /** Stores a batch of output; the ack tells the agent up to where it may forget. */
  async receiveOutput(host: string, message: CommandOutputMessage): Promise<OutputAck> {
    const open = await this.openFor(host, message.commandId);
    if (!open) return this.receiveLateOutput(host, message);
    // Relayed already unless the command was not open in memory when the message arrived.
    this.relayOutput(host, message);
    const fresh = await this.storeOutput(message.commandId, open, message.chunks);
    this.forgetStored(message.commandId, open.storedThrough);
    // Output still arriving from an agent that no longer runs the command: its result is behind it.
    if (fresh.length > 0 && open.lostTimer && open.lostAfterMs !== undefined) this.scheduleLost(open, open.lostAfterMs);
    return { ok: true, storedThrough: open.storedThrough };
  }

  /**
   * Output of a command that already ended: sent after its result (the lines up to the result's
   * lastSeq), or a resend whose ack was lost. Stored once. Lines the command never had are refused.
   */
  private async receiveLateOutput(host: string, message: CommandOutputMessage): Promise<OutputAck> {
    let marks = this.lateMarks.get(message.commandId);
    if (marks) this.lateMarks.delete(message.commandId);
    else {
      const stored = await findCommand(this.store, message.commandId);
      if (stored?.host !== host) return { ok: false, error: `unknown command ${message.commandId}` };
      marks = await findOutputMarks(this.store, message.commandId);
      // Its result is no longer in memory: nothing beyond what is stored belongs to an ended command.
      if (stored.command.state !== "lost") marks.lastSeq = marks.storedThrough;
    }
    this.keepLateMarks(message.commandId, marks);
    const lastSeq = marks.lastSeq;
    if (lastSeq !== undefined && message.chunks.some((chunk) => chunk.seq > lastSeq)) {
      return { ok: false, error: `command ${message.commandId} has ended: no more output is taken` };
    }
    await this.storeOutput(message.commandId, marks, message.chunks);
    return { ok: true, storedThrough: marks.storedThrough };
  }

  /**
   * Stores the lines not yet stored and moves the marks; returns the lines stored now. Lines past the
   * command's output limit are not kept: the first of them is replaced by a note that says so, and
   * they count as stored, so the agent forgets them and goes on to the command's result.
   */
  private async storeOutput(commandId: string, marks: OutputMarks, chunks: readonly OutputChunk[]): Promise<OutputChunk[]> {
    const fresh = chunks.filter((chunk) => chunk.seq > marks.storedThrough);
    const { taken, left } = await this.outputBudget.takeFitting(commandId, fresh);
    const kept = fresh.slice(0, taken);
    await this.outputs.run({ commandId, chunks: kept });
    marks.highestSeen = Math.max(marks.highestSeen, ...fresh.map((chunk) => chunk.seq));
    if (taken < fresh.length) {
      if (left >= 0) kept.push(await this.cutOutput(commandId, fresh[taken]!.seq, left));
      marks.storedThrough = marks.highestSeen;
      return kept;
    }
    const mark = continuesFrom(marks.storedThrough, fresh);
    // Lines stored beyond an earlier gap are only found in the store once the gap is filled.
    marks.storedThrough = mark !== null && mark >= marks.highestSeen ? mark : await findStoredThrough(this.store, commandId);
    return fresh;
  }

  /** Marks where a command's output reached its limit, spending the rest of it; watchers see the mark too. */
  private async cutOutput(commandId: string, seq: number, left: number): Promise<OutputChunk> {
    const line = `[nixfleet] the command's output reached the dashboard's output limit of ${this.outputBudget.maxChars} characters: lines from line ${seq} on were not kept`;
    const cut: OutputChunk = { seq, stream: "system", line };
    // Counted as the rest of the limit and one more, as spendAll counts it: a restart finds it spent.
    await insertOutputCut(this.store, commandId, cut, left + 1);
    this.outputBudget.spendAll(commandId);
    this.log.warn("command.output_cut", { command: commandId, seq, limit: this.outputBudget.maxChars });
    for (const listener of this.listeners) listener.output(commandId, [cut]);
    return cut;
  }

  private keepLateMarks(commandId: string, marks: OutputMarks): void {
    this.lateMarks.set(commandId, marks);
    if (this.lateMarks.size > LATE_MARKS_KEPT) this.lateMarks.delete(this.lateMarks.keys().next().value!);
  }

  async receiveResult(host: string, result: CommandResult): Promise<Ack> {
    const open = await this.openFor(host, result.commandId, { reopenLost: true });
    if (!open) {
      const stored = await findCommand(this.store, result.commandId);
      // A result sent twice (the first ack was lost) is already stored: acknowledge it again.
      if (stored?.host === host && isFinalState(stored.command.state)) return { ok: true };
      return { ok: false, error: `unknown command ${result.commandId}` };
    }
    if (open.storedThrough < result.lastSeq) {
      this.log.warn("command.result_before_output", { host, command: result.commandId, stored: open.storedThrough, last: result.lastSeq });
    }
    open.lastSeq = result.lastSeq;
    const system = this.fleet.get(host)?.currentSystem ?? null;
    const { clockSkewMs, ...times } = commandTimes(open.startedAt, result, Date.now());
    await this.apply(open, { kind: "result", state: result.state }, {
      exitCode: result.exitCode,
      durationMs: result.durationMs,
      reason: null,
      ...times,
      system,
      ...(result.tests ? { tests: JSON.stringify(result.tests) } : {}),
      ...(result.preview ? { preview: JSON.stringify(result.preview) } : {}),
      ...(result.rollback ? { rollback: JSON.stringify(result.rollback) } : {}),
    });
    if (result.preview && result.state === "succeeded") {
      this.fleet.setLastPreview(host, previewSummary(result.commandId, times.finishedAt.getTime(), result.preview));
    }
    if (clockSkewMs !== null) this.fleet.setClockSkew(host, clockSkewMs);
    if (result.type === "test" && (result.state === "succeeded" || result.state === "failed")) {
      this.fleet.setLastTest(host, testRunSummary({
        commandId: result.commandId,
        state: result.state,
        tests: result.tests ?? [],
        system,
        finishedAt: times.finishedAt.getTime(),
      }));
    }
    return { ok: true };
  }

  /**
   * Confirm-or-revert: the agent reached the dashboard over a new connection after switch `commandId`.
   * Recorded once (the first confirmation's time); the command need not be open (a restarted
   * dashboard may have marked it lost meanwhile). The ack lets the agent's watchdog stand down.
   */
  async confirmSwitch(host: string, commandId: string): Promise<Ack> {
    const confirmed = await confirmCommand(this.store, commandId, host, new Date());
    if (confirmed === null) return { ok: false, error: `unknown command ${commandId}` };
    this.log.info("command.confirmed", { host, command: commandId });
    const open = this.open.get(commandId);
    if (open) {
      open.summary = { ...open.summary, confirmedAt: confirmed.confirmedAt };
      this.publish(open);
    } else {
      this.publishStored(host, confirmed);
    }
    return { ok: true };
  }

  async agentDisconnected(host: string): Promise<void> {
    for (const open of this.open.values()) {
      if (open.host === host) await this.apply(open, { kind: "agent-disconnected" });
    }
  }

  async agentRegistered(host: string, status: HostStatus): Promise<void> {
    // An agent that moved from a peer replica brings a command this one has not followed yet, and
    // one that was away for longer than the dashboard waited brings a command marked lost.
    const running = status.runningCommand;
    if (running && !this.open.has(running.id)) await this.openFor(host, running.id, { reopenLost: true });
    for (const open of this.open.values()) {
      if (open.host !== host) continue;
      if (status.runningCommand?.id === open.summary.id) {
        await this.apply(open, { kind: "agent-reports-running" }, { finishedAt: null, reason: null });
      } else {
        this.scheduleLost(open, this.options.resultGraceMs);
      }
    }
  }

  /** The command if it is open (or, with `reopenLost`, lost) and the host's; followed from now on. */
  private async openFor(host: string, commandId: string, options: { reopenLost?: boolean } = {}): Promise<OpenCommand | undefined> {
    const open = this.open.get(commandId);
    if (open) return open.host === host ? open : undefined;
    const stored = await findCommand(this.store, commandId);
    if (stored?.host !== host) return undefined;
    const state = stored.command.state;
    if (isFinalState(state) && !(options.reopenLost && state === "lost")) return undefined;
    const loaded = openFromStore(stored, await findOutputMarks(this.store, commandId));
    this.open.set(commandId, loaded);
    return loaded;
  }

  private async apply(open: OpenCommand, event: CommandEvent, fields: Omit<CommandUpdate, "state"> = {}): Promise<void> {
    const state = nextCommandState(open.summary.state, event);
    if (state === null) return;
    const stored = await this.updates.run({ id: open.summary.id, update: { ...fields, state } });
    if (!stored) throw new Error(`command ${open.summary.id} is not in the store`);
    open.summary = stored;
    clearTimeout(open.lostTimer);
    open.lostTimer = undefined;
    if (isFinalState(state)) {
      this.open.delete(open.summary.id);
      this.forgetStored(open.summary.id, Number.POSITIVE_INFINITY);
      this.keepLateMarks(open.summary.id, { storedThrough: open.storedThrough, highestSeen: open.highestSeen, lastSeq: open.lastSeq });
    } else if (state === "awaiting-reconnect") this.scheduleLost(open, this.options.lostAfterMs);
    this.log.info("command.state", { host: open.host, command: open.summary.id, type: open.summary.type, state });
    this.publish(open);
  }

  private scheduleLost(open: OpenCommand, delayMs: number): void {
    clearTimeout(open.lostTimer);
    open.lostAfterMs = delayMs;
    open.lostTimer = setTimeout(() => {
      this.markLost(open).catch((error: unknown) =>
        this.log.error("command.lost_failed", { command: open.summary.id, error: String(error) }),
      );
    }, delayMs);
    open.lostTimer.unref();
  }

  /**
   * Gives up on a command, unless it moved on meanwhile: with replicas, its agent may have reported
   * to a peer, which then wrote the command's later state.
   */
  private async markLost(open: OpenCommand): Promise<void> {
    const stored = (await findCommand(this.store, open.summary.id))?.command;
    if (stored && stored.state !== open.summary.state) {
      this.open.delete(open.summary.id);
      open.summary = stored;
      this.publish(open);
      return;
    }
    await this.apply(open, { kind: "lost" }, { finishedAt: new Date(), reason: "the agent never reported a result" });
  }

  private publish(open: OpenCommand): void {
    this.publishStored(open.host, open.summary);
  }

  private publishStored(host: string, summary: CommandSummary): void {
    const current = this.fleet.get(host)?.lastCommand;
    if (!current || current.id === summary.id || current.createdAt <= summary.createdAt) {
      this.fleet.setLastCommand(host, summary);
    }
    for (const listener of this.listeners) listener.changed({ ...summary, hostName: host });
  }
}

function openFromStore(stored: HostCommand, marks: OutputMarks): OpenCommand {
  return { host: stored.host, summary: stored.command, startedAt: stored.startedAt, relayedThrough: marks.storedThrough, ...marks };
}

/** The new stored-through mark when `chunks` extend the stored run without a gap, else null. */
export function continuesFrom(storedThrough: number, chunks: readonly OutputChunk[]): number | null {
  let mark = storedThrough;
  for (const chunk of [...chunks].sort((a, b) => a.seq - b.seq)) {
    if (chunk.seq === mark + 1) mark = chunk.seq;
    else if (chunk.seq > mark + 1) return null;
  }
  return mark;
}

/** What the agent is sent: the command, and the options its request carried. */
function commandRun(summary: Pick<CommandSummary, "id" | "type">, request: CommandRequest): CommandRun {
  return { id: summary.id, ...commandOptions({ ...request, type: summary.type }) };
}
