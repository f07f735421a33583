import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { agentMessageSchemas, type Ack, type AgentToServerEvents, type HeartbeatMessage, type RegisterAck } from "./agent";
import { browserMessageSchemas, type BrowserToServerEvents } from "./browser";
import { eventsOf, type EventPayload, type EventReply, type MessageSchemas } from "./events";

/** An interface that gained an event, as a new feature would add one. */
interface AgentEventsWithOneMore extends AgentToServerEvents {
  "host:rebooted": (message: { at: number }, ack: (reply: Ack) => void) => void;
}

describe("the event schema maps", () => {
  it("fail to compile when the interface gains an event the map lacks", () => {
    // @ts-expect-error the map has no schema for "host:rebooted"
    const schemas: MessageSchemas<AgentEventsWithOneMore> = agentMessageSchemas;
    expect(eventsOf(schemas)).not.toContain("host:rebooted");
  });

  it("fail to compile when the map has an event the interface lacks, or a schema of another payload", () => {
    const withExtra = {
      ...agentMessageSchemas,
      // @ts-expect-error "host:rebooted" is not an event of the interface
      "host:rebooted": z.object({ at: z.number() }),
    } satisfies MessageSchemas<AgentToServerEvents>;
    const wrong = { ...agentMessageSchemas, heartbeat: z.object({ at: z.number() }) };
    // @ts-expect-error a heartbeat is not { at: number }
    const withWrongSchema: MessageSchemas<AgentToServerEvents> = wrong;
    expect([withExtra, withWrongSchema]).toHaveLength(2);
  });

  it("type an event's payload and reply from its interface", () => {
    expectTypeOf<EventPayload<AgentToServerEvents, "heartbeat">>().toEqualTypeOf<HeartbeatMessage>();
    expectTypeOf<EventReply<AgentToServerEvents, "register">>().toEqualTypeOf<RegisterAck>();
    expectTypeOf<EventReply<BrowserToServerEvents, "command:unwatch">>().toEqualTypeOf<void>();
  });

  it("list every event the dashboard takes, each once", () => {
    expect(eventsOf(agentMessageSchemas)).toEqual(["register", "heartbeat", "command:output", "command:result", "host-token:stored", "host:generations", "switch:confirm"]);
    expect(eventsOf(browserMessageSchemas)).toEqual([
      "command:request", "command:stop", "command:watch", "command:unwatch", "bulk:request", "target:refresh",
    ]);
  });
});
