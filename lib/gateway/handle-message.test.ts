import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CommandService } from "../fleet/command-service";
import { LiveFleet } from "../fleet/live-fleet";
import { createLogger } from "../logger";
import { commandOutputSchema, type OutputAck } from "../protocol/agent";
import { testRegistration } from "../protocol/test-messages";
import type { Store } from "../store/client";
import { createTestStore, fillStore, storeAudit } from "../store/test-store";
import { handleMessage } from "./handle-message";

/**
 * A store that cannot take a write is the dashboard's failure, not the agent's: the agent must keep
 * the output and send it again later (retryable). A malformed message is the agent's, and final.
 */
describe("handleMessage on the output path", () => {
  const log = createLogger("error");
  let store: Store;
  let fleet: LiveFleet;
  let commands: CommandService;
  let socket: EventEmitter;

  beforeEach(async () => {
    store = await createTestStore();
    fleet = new LiveFleet(store, log);
    await fleet.start();
    const agents = { run: async () => ({ accepted: true as const }), stop: async () => ({ ok: true as const }) };
    commands = new CommandService(store, fleet, agents, log, storeAudit(store), { lostAfterMs: 60_000, resultGraceMs: 60_000 });
    await fleet.register(testRegistration("web-1"));
    socket = new EventEmitter();
    handleMessage(socket, "command:output", commandOutputSchema, (message) => commands.receiveOutput("web-1", message), {
      log, peer: "web-1", onInvalid: () => undefined,
    });
  });

  afterEach(async () => {
    commands.stop();
    await fleet.stop();
    await store.$disconnect();
  });

  const send = (message: unknown) => new Promise<OutputAck>((resolve) => socket.emit("command:output", message, resolve));

  it("answers output the full store cannot take as retryable", async () => {
    const outcome = await commands.request({ host: "web-1", type: "switch", requestedBy: "admin" });
    if (!outcome.ok) throw new Error(outcome.reason);
    await fillStore(store);
    const chunks = Array.from({ length: 50 }, (_, i) => ({ seq: i + 1, stream: "stdout" as const, line: "x".repeat(2_000) }));
    expect(await send({ commandId: outcome.command.id, chunks })).toEqual({
      ok: false, error: "internal error: the dashboard could not handle this message", retryable: true,
    });
  });

  it("answers a malformed message with a final refusal", async () => {
    const reply = await send({ commandId: "not-a-uuid", chunks: [] });
    expect(reply.ok).toBe(false);
    expect(reply).not.toHaveProperty("retryable");
  });
});
