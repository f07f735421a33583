/**
 * The floor: a bare Socket.IO server (no store, no auth, no UI) carrying the same agent traffic as
 * the dashboard: register and heartbeat acks, every heartbeat forwarded as a small patch to the
 * browsers, bulk commands sent to agents with acks, output acknowledged and forwarded to watchers.
 * Run as its own process (forked by the benchmark); it reports its port over IPC.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { Server, type Socket } from "socket.io";
import type { AgentToServerEvents, CommandRunAck, ServerToAgentEvents } from "../lib/protocol/agent";
import { AGENT_NAMESPACE } from "../lib/protocol/agent";
import type { BrowserToServerEvents, BulkRunView, ServerToBrowserEvents } from "../lib/protocol/browser";
import { BROWSER_NAMESPACE } from "../lib/protocol/browser";

type AgentSocket = Socket<AgentToServerEvents, ServerToAgentEvents>;

const httpServer = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end('{"status":"ok"}');
});
const io = new Server(httpServer, { maxHttpBufferSize: 1_000_000, serveClient: false, pingInterval: 25_000, pingTimeout: 20_000 });
const agentNamespace = io.of(AGENT_NAMESPACE);
const browsers = io.of(BROWSER_NAMESPACE);

const agents = new Map<string, AgentSocket>();
/** Per command: the contiguous stored-through mark, the bulk run it belongs to, and whether it ended. */
const commands = new Map<string, { storedThrough: number; seqs: Set<number>; run: BulkRunView | null; ended: boolean }>();

agentNamespace.on("connection", (socket: AgentSocket) => {
  const hostname = String((socket.handshake.auth as { hostname?: unknown }).hostname);
  socket.on("register", (_message, ack) => {
    agents.set(hostname, socket);
    ack({ ok: true, dashboardVersion: "baseline" });
  });
  socket.on("heartbeat", (message, ack) => {
    ack({ ok: true });
    browsers.to("fleet").emit("fleet:patches", [
      { name: hostname, changes: { lastSeenAt: Date.now(), uptimeSeconds: message.status.uptimeSeconds } },
    ]);
  });
  socket.on("command:output", (message, ack) => {
    const command = commands.get(message.commandId);
    if (!command) return ack({ ok: false, error: "unknown command" });
    for (const chunk of message.chunks) if (chunk.seq > command.storedThrough) command.seqs.add(chunk.seq);
    while (command.seqs.delete(command.storedThrough + 1)) command.storedThrough += 1;
    ack({ ok: true, storedThrough: command.storedThrough });
    browsers.to(`command:${message.commandId}`).emit("command:output", {
      commandId: message.commandId,
      lines: message.chunks.map(({ seq, stream, line }) => ({ seq, stream, line })),
    });
  });
  socket.on("command:result", (result, ack) => {
    ack({ ok: true });
    const command = commands.get(result.commandId);
    const run = command?.run;
    if (!command || !run || command.ended) return;
    command.ended = true;
    run.counts.running -= 1;
    run.counts.succeeded += 1;
    scheduleProgress(run);
  });
  socket.on("disconnect", () => {
    if (agents.get(hostname) === socket) agents.delete(hostname);
  });
});

const pendingProgress = new Set<BulkRunView>();
function scheduleProgress(run: BulkRunView): void {
  pendingProgress.add(run);
}
setInterval(() => {
  for (const run of pendingProgress) {
    if (run.counts.running === 0 && run.finishedAt === null) run.finishedAt = Date.now();
    browsers.to("fleet").emit("bulk:progress", run);
  }
  pendingProgress.clear();
}, 250).unref();

browsers.on("connection", (socket: Socket<BrowserToServerEvents, ServerToBrowserEvents>) => {
  void socket.join("fleet");
  socket.emit("fleet:snapshot", { hosts: [], first: true, last: true });
  socket.on("bulk:request", async ({ hosts, type }, ack) => {
    const run: BulkRunView = {
      id: randomUUID(),
      type,
      requestedBy: "baseline",
      startedAt: Date.now(),
      finishedAt: null,
      hosts: [],
      counts: { running: 0, succeeded: 0, failed: 0, skipped: 0 },
    };
    await Promise.all(
      hosts.map(async (name) => {
        const agent = agents.get(name);
        if (!agent) return;
        const id = randomUUID();
        const command = { storedThrough: 0, seqs: new Set<number>(), run, ended: false };
        commands.set(id, command);
        run.hosts.push({ name, state: "running", reason: null, commandId: id });
        run.counts.running += 1;
        let reply: CommandRunAck;
        try {
          reply = await agent.timeout(15_000).emitWithAck("command:run", { id, type });
        } catch {
          reply = { accepted: false, reason: "no answer" };
        }
        if (!reply.accepted && !command.ended) {
          command.ended = true;
          run.counts.running -= 1;
          run.counts.failed += 1;
        }
      }),
    );
    ack({ ok: true, run });
    scheduleProgress(run);
  });
  socket.on("command:watch", async ({ commandId }, ack) => {
    await socket.join(`command:${commandId}`);
    ack({
      ok: true,
      command: {
        id: commandId, hostName: "", type: "pull", state: "running", requestedBy: "baseline", createdAt: Date.now(),
        finishedAt: null, exitCode: null, durationMs: null, reason: null, confirmedAt: null, rollback: null,
      },
      lines: [],
      truncated: false,
    });
  });
});

httpServer.listen(0, "127.0.0.1", 4096, () => {
  const address = httpServer.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
});
process.on("SIGTERM", () => {
  void io.close();
  httpServer.closeAllConnections();
  process.exit(0);
});
process.on("disconnect", () => process.exit(0));
