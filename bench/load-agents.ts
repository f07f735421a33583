/**
 * A load process: simulates many agents over real socket.io-client connections, speaking the agent
 * protocol (handshake auth, register, heartbeats, command:run, command:output, command:result).
 * Started by the benchmark with child_process.fork; driven by the requests in load-ipc.ts.
 */
import { io, type Socket } from "socket.io-client";
import type { AgentToServerEvents, CommandRun, CommandType, OutputChunk, ServerToAgentEvents } from "../lib/protocol/agent";
import { AGENT_NAMESPACE, MAX_CHUNKS_PER_MESSAGE, PROTOCOL_VERSION } from "../lib/protocol/agent";
import { heartbeatMessage, outputChunk, registerMessage, simulatedHost, type SimulatedHost } from "./agent-messages";
import type { ConnectReply, ConnectRequest, Envelope, LoadReply, LoadReport, LoadRequest, ModeRequest, StreamSummary } from "./load-ipc";

type AgentSocket = Socket<ServerToAgentEvents, AgentToServerEvents>;

// The real agent's timeouts (agent/connection.ts): a slower answer makes it retry, and so do these.
const ACK_TIMEOUT_MS = 30_000;
const CONNECT_ATTEMPTS = 8;
const TICK_MS = 20;

interface Stream {
  commandId: string;
  /** Started in stream mode (printing until told to stop), not a quick command. */
  streaming: boolean;
  type: CommandRun["type"];
  startedAt: number;
  /** Lines printed but not yet acknowledged as stored, from seq `storedThrough + 1` on. */
  pending: OutputChunk[];
  nextSeq: number;
  storedThrough: number;
  inFlight: boolean;
  printing: boolean;
  printedBeforeStop: number;
  resultAcked: boolean;
}

interface Agent {
  host: SimulatedHost;
  /** Position in the fleet's heartbeat cycle, 0..1. */
  phase: number;
  socket: AgentSocket | null;
  registered: boolean;
  attempts: number;
  dueAt: number;
  running: { id: string; type: CommandType } | null;
  stream: Stream | null;
}

let agents: Agent[] = [];
let epoch = Date.now();
let intervalMs = 0;
let cursor = 0;
let mode: ModeRequest = { kind: "mode", mode: "quick", workMs: 1000, linesPerSecond: 1000 };

const counters = {
  heartbeatsSent: 0,
  heartbeatsAcked: 0,
  heartbeatErrors: 0,
  disconnects: 0,
  linesStored: 0,
  outputErrors: 0,
  commandsReceived: [] as number[],
  resultsAcked: [] as number[],
  errors: {} as Record<string, number>,
};

function countError(kind: string): void {
  counters.errors[kind] = (counters.errors[kind] ?? 0) + 1;
}

const stamp = () => Date.now() - epoch;

function send(message: Envelope<LoadReply>): void {
  process.send?.(message);
}

// ---- connecting -----------------------------------------------------------------------------

function openSocket(agent: Agent, request: ConnectRequest): AgentSocket {
  const socket: AgentSocket = io(`${request.url}${AGENT_NAMESPACE}`, {
    forceNew: true,
    reconnection: false,
    transports: ["websocket"],
    timeout: 20_000,
    auth: { token: request.token, hostname: agent.host.name, protocol: PROTOCOL_VERSION },
  });
  socket.on("command:run", (command, ack) => onCommandRun(agent, command, ack));
  socket.on("command:stop", (_stop, ack) => ack({ ok: true }));
  socket.on("protocol:error", (error) => countError(`protocol:error ${error.event}: ${error.error}`));
  return socket;
}

/** Connects and registers one agent; resolves with the time it registered, or null when it gave up. */
function connectAgent(agent: Agent, request: ConnectRequest): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = openSocket(agent, request);
    agent.socket = socket;
    let settled = false;
    /** Whether this attempt reached the namespace: from then on the register's ack says how it ended. */
    let connected = false;
    const finish = (value: number | null) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    socket.on("connect", () => {
      connected = true;
      socket
        .timeout(ACK_TIMEOUT_MS)
        .emit("register", registerMessage(agent.host, stamp()), (error: Error | null, reply) => {
          if (error) {
            countError(`register: ${error.message}`);
            return retry();
          }
          if (!reply.ok) {
            countError(`register refused: ${reply.error}`);
            return retry();
          }
          agent.registered = true;
          finish(Date.now());
        });
    });
    socket.on("connect_error", (error) => {
      countError(`connect_error: ${error.message}`);
      retry();
    });
    socket.on("disconnect", (reason) => {
      // Dropped during the handshake (the server's connect timeout, a ping timeout under load):
      // neither connect_error nor an ack follows, and the agent would wait forever. The real one retries.
      if (!agent.registered) {
        if (!connected && !settled && reason !== "io client disconnect") {
          countError(`disconnect before connecting: ${reason}`);
          retry();
        }
        return;
      }
      agent.registered = false;
      counters.disconnects += 1;
      countError(`disconnect: ${reason}`);
      if (reason !== "io client disconnect") setTimeout(() => socket.connect(), 1000 + Math.random() * 2000);
    });
    function retry() {
      connected = false;
      agent.attempts += 1;
      if (agent.attempts >= CONNECT_ATTEMPTS) {
        finish(null);
        return;
      }
      socket.disconnect();
      setTimeout(() => socket.connect(), 500 + Math.random() * 1500 * agent.attempts);
    }
  });
}

async function connectAll(request: ConnectRequest): Promise<ConnectReply> {
  epoch = request.epoch;
  agents = request.indices.map((index) => ({
    host: simulatedHost(request.runId, index),
    phase: index / request.total,
    socket: null,
    registered: false,
    attempts: 0,
    dueAt: Number.POSITIVE_INFINITY,
    running: null,
    stream: null,
  }));
  agents.sort((a, b) => a.phase - b.phase);
  const started = Date.now();
  const registerMs: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < agents.length) {
      const agent = agents[next++]!;
      const at = await connectAgent(agent, request);
      if (at !== null) registerMs.push(at - started);
    }
  };
  await Promise.all(Array.from({ length: Math.min(request.concurrency, agents.length) }, worker));
  return { kind: "connected", registered: registerMs.length, registerMs, errors: { ...counters.errors } };
}

// ---- heartbeats -----------------------------------------------------------------------------

function sendHeartbeat(agent: Agent): void {
  const socket = agent.socket;
  if (!socket || !agent.registered) return;
  counters.heartbeatsSent += 1;
  socket.timeout(ACK_TIMEOUT_MS).emit("heartbeat", heartbeatMessage(agent.host, stamp(), agent.running), (error: Error | null, reply) => {
    if (error || !reply.ok) {
      counters.heartbeatErrors += 1;
      countError(`heartbeat: ${error ? error.message : reply.ok ? "" : reply.error}`);
    } else counters.heartbeatsAcked += 1;
  });
}

function scheduleHeartbeats(startAt: number, interval: number): void {
  intervalMs = interval;
  cursor = 0;
  for (const agent of agents) agent.dueAt = interval > 0 ? startAt + agent.phase * interval : Number.POSITIVE_INFINITY;
}

/** Agents are sorted by phase, so the due ones are always the next few after the cursor. */
function tick(): void {
  if (intervalMs <= 0 || agents.length === 0) return;
  const now = Date.now();
  for (let sent = 0; sent < agents.length; sent += 1) {
    const agent = agents[cursor]!;
    if (agent.dueAt > now) break;
    agent.dueAt += intervalMs;
    sendHeartbeat(agent);
    cursor = (cursor + 1) % agents.length;
  }
}
setInterval(tick, TICK_MS);

// ---- commands -------------------------------------------------------------------------------

function onCommandRun(agent: Agent, command: CommandRun, ack: (reply: { accepted: true } | { accepted: false; reason: string }) => void): void {
  counters.commandsReceived.push(Date.now());
  if (command.type === "refresh") return ack({ accepted: true });
  if (agent.running) return ack({ accepted: false, reason: "busy" });
  ack({ accepted: true });
  agent.running = { id: command.id, type: command.type };
  // The real agent tells the dashboard at once that a command runs (a status heartbeat after 200 ms).
  setTimeout(() => sendHeartbeat(agent), 200);
  const stream: Stream = {
    commandId: command.id,
    streaming: mode.mode === "stream",
    type: command.type,
    startedAt: Date.now(),
    pending: [],
    nextSeq: 1,
    storedThrough: 0,
    inFlight: false,
    printing: true,
    printedBeforeStop: 0,
    resultAcked: false,
  };
  agent.stream = stream;
  if (mode.mode === "quick") {
    setTimeout(() => {
      print(stream, 3);
      stream.printing = false;
      flush(agent);
    }, mode.workMs);
  }
}

function print(stream: Stream, lines: number): void {
  const now = Date.now();
  for (let i = 0; i < lines; i += 1) stream.pending.push(outputChunk(stream.nextSeq++, now));
}

/** One output message in flight per agent (as the real agent's outbox sender); the result goes after the last line. */
function flush(agent: Agent): void {
  const stream = agent.stream;
  const socket = agent.socket;
  if (!stream || !socket || stream.inFlight || stream.resultAcked || !agent.registered) return;
  if (stream.pending.length > 0) {
    const chunks = stream.pending.slice(0, MAX_CHUNKS_PER_MESSAGE);
    stream.inFlight = true;
    socket.timeout(ACK_TIMEOUT_MS).emit("command:output", { commandId: stream.commandId, chunks }, (error: Error | null, reply) => {
      stream.inFlight = false;
      if (error || !reply.ok) {
        counters.outputErrors += 1;
        countError(`command:output: ${error ? error.message : reply.ok ? "" : reply.error}`);
        setTimeout(() => flush(agent), 1000);
        return;
      }
      const advanced = reply.storedThrough - stream.storedThrough;
      if (advanced > 0) {
        counters.linesStored += advanced;
        stream.storedThrough = reply.storedThrough;
        const firstPending = stream.pending[0]?.seq ?? stream.nextSeq;
        stream.pending.splice(0, Math.max(0, reply.storedThrough - firstPending + 1));
      }
      flush(agent);
    });
    return;
  }
  if (stream.printing) return;
  stream.inFlight = true;
  const lastSeq = stream.nextSeq - 1;
  socket.timeout(ACK_TIMEOUT_MS).emit(
    "command:result",
    {
      commandId: stream.commandId,
      type: stream.type === "refresh" ? "pull" : stream.type,
      state: "succeeded",
      exitCode: 0,
      startedAt: stream.startedAt,
      durationMs: Date.now() - stream.startedAt,
      lastSeq,
    },
    (error: Error | null, reply) => {
      stream.inFlight = false;
      if (error || !reply.ok) {
        countError(`command:result: ${error ? error.message : reply.ok ? "" : reply.error}`);
        setTimeout(() => flush(agent), 1000);
        return;
      }
      stream.resultAcked = true;
      counters.resultsAcked.push(Date.now());
      agent.running = null;
      setTimeout(() => sendHeartbeat(agent), 200);
      checkStreamsDone();
    },
  );
}

/**
 * Streaming hosts print `linesPerSecond` each, in slices every 100 ms; a late tick prints what its
 * lateness owes, so the printed rate holds even when this process is short of CPU.
 */
setInterval(() => {
  if (mode.mode !== "stream") return;
  const now = Date.now();
  for (const agent of agents) {
    const stream = agent.stream;
    if (!stream?.printing) continue;
    const owed = Math.floor(((now - stream.startedAt) / 1000) * mode.linesPerSecond) - (stream.nextSeq - 1);
    if (owed > 0) print(stream, owed);
    flush(agent);
  }
}, 100);

let streamDoneWaiter: ((streams: StreamSummary[]) => void) | null = null;

function streamSummaries(): StreamSummary[] {
  return agents.flatMap((agent) =>
    agent.stream?.streaming
      ? [{
          host: agent.host.name,
          commandId: agent.stream.commandId,
          lastSeq: agent.stream.nextSeq - 1,
          printedBeforeStop: agent.stream.printedBeforeStop,
          storedThrough: agent.stream.storedThrough,
          resultAcked: agent.stream.resultAcked,
        }]
      : [],
  );
}

function checkStreamsDone(): void {
  if (!streamDoneWaiter) return;
  if (agents.some((agent) => agent.stream?.streaming && !agent.stream.resultAcked)) return;
  const waiter = streamDoneWaiter;
  streamDoneWaiter = null;
  waiter(streamSummaries());
}

function stopStreams(): Promise<StreamSummary[]> {
  return new Promise((resolve) => {
    streamDoneWaiter = resolve;
    for (const agent of agents) {
      if (agent.stream?.printing) {
        agent.stream.printing = false;
        agent.stream.printedBeforeStop = agent.stream.nextSeq - 1;
        flush(agent);
      }
    }
    checkStreamsDone();
  });
}

function takeReport(): LoadReport {
  const report: LoadReport = {
    kind: "report",
    heartbeatsSent: counters.heartbeatsSent,
    heartbeatsAcked: counters.heartbeatsAcked,
    heartbeatErrors: counters.heartbeatErrors,
    disconnects: counters.disconnects,
    commandsReceived: counters.commandsReceived,
    resultsAcked: counters.resultsAcked,
    linesStored: counters.linesStored,
    outputErrors: counters.outputErrors,
    errors: { ...counters.errors },
  };
  counters.commandsReceived = [];
  counters.resultsAcked = [];
  counters.linesStored = 0;
  return report;
}

async function handle(request: LoadRequest): Promise<LoadReply> {
  switch (request.kind) {
    case "connect":
      return connectAll(request);
    case "heartbeats":
      scheduleHeartbeats(request.startAt, request.intervalMs);
      return { kind: "ok" };
    case "mode":
      mode = request;
      for (const agent of agents) if (agent.stream?.resultAcked) agent.stream = null;
      return { kind: "ok" };
    case "stop-stream":
      return { kind: "stream-done", streams: await stopStreams() };
    case "report":
      return takeReport();
    case "close":
      scheduleHeartbeats(0, 0);
      for (const agent of agents) {
        agent.registered = false;
        agent.socket?.disconnect();
      }
      setTimeout(() => process.exit(0), 200);
      return { kind: "ok" };
  }
}

process.on("message", (message: Envelope<LoadRequest>) => {
  handle(message.body).then(
    (body) => send({ id: message.id, body }),
    (error: unknown) => {
      countError(`load process: ${String(error)}`);
      send({ id: message.id, body: { kind: "ok" } });
    },
  );
});
process.on("disconnect", () => process.exit(0));
