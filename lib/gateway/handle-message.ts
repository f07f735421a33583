import type { z } from "zod";
import type { Logger } from "../logger";
import type { Refusal } from "../protocol/agent";
import { eventsOf, type EventPayload, type EventReply, type MessageSchemas } from "../protocol/events";
import { parseMessage } from "../protocol/validate";
import type { HandlerQueue } from "./handler-queue";

type Listener = (...args: unknown[]) => void;
interface EventSource {
  on(event: string, listener: Listener): unknown;
}

/** One event's handler: the connection it arrived on (`Context`) and its checked payload in, its ack's reply out. */
export type MessageHandler<Events, E extends keyof Events, Context> = (
  context: Context,
  message: EventPayload<Events, E>,
) => EventReply<Events, E> | Promise<EventReply<Events, E>>;

/** A handler for every event of a namespace: a map that lacks one, or has one more, does not compile. */
export type MessageHandlers<Events, Context> = { readonly [E in keyof Events]-?: MessageHandler<Events, E, Context> };

/**
 * Steps run as soon as an event is read, with its checked payload, before its handler waits its turn
 * in the queue: for what must not wait behind the store (live output to watchers). They answer nothing.
 */
export type MessageArrivals<Events, Context> = {
  readonly [E in keyof Events]?: (context: Context, message: EventPayload<Events, E>) => void;
};

export interface MessageOptions {
  log: Logger;
  peer: string;
  onInvalid: (error: string) => void;
  queue?: HandlerQueue;
  /** With a queue: a message that waited longer is dropped unanswered (its sender has given up on it). */
  staleAfterMs?: number;
}

/**
 * Registers a socket event whose payload is checked against its schema before the handler sees
 * it. An invalid payload, or a handler that throws, is answered with an error on the ack (when
 * the peer gave one) and never reaches the rest of the server. With a `queue`, the message is
 * checked and handled on a later turn of the event loop, one message per turn (see HandlerQueue).
 */
export function handleMessage<Events, E extends keyof Events & string>(
  socket: EventSource,
  schemas: MessageSchemas<Events>,
  event: E,
  handler: (message: EventPayload<Events, E>) => EventReply<Events, E> | Promise<EventReply<Events, E>>,
  options: MessageOptions,
  arrive?: (message: EventPayload<Events, E>) => void,
): void {
  const schema: z.ZodType<EventPayload<Events, E>> = schemas[event];
  socket.on(event, (...args: unknown[]) => {
    const last = args[args.length - 1];
    const ack = typeof last === "function" ? (last as (reply: EventReply<Events, E> | Refusal) => void) : undefined;
    const check = () => {
      const parsed = parseMessage(schema, args[0]);
      if (parsed.ok) return parsed;
      options.log.warn("socket.invalid_message", { peer: options.peer, event, error: parsed.error });
      if (ack) ack({ ok: false, error: parsed.error });
      else options.onInvalid(parsed.error);
      return null;
    };
    const handle = (parsed = check()) => {
      if (!parsed) return;
      return Promise.resolve()
        .then(() => handler(parsed.value))
        .then((reply) => ack?.(reply))
        .catch((error: unknown) => {
          options.log.error("socket.handler_failed", { peer: options.peer, event, error: String(error) });
          ack?.({ ok: false, error: "internal error: the dashboard could not handle this message", retryable: true });
        });
    };
    // An event with an arrival step is checked as it is read (once), so the step sees a valid payload.
    const early = arrive ? check() : undefined;
    if (arrive) {
      if (!early) return;
      try {
        arrive(early.value);
      } catch (error) {
        options.log.error("socket.arrival_failed", { peer: options.peer, event, error: String(error) });
      }
    }
    const run = () => handle(early);
    if (options.queue) void options.queue.run(run, options.staleAfterMs);
    else void run();
  });
}

/** Registers every event of `schemas` on the socket, each with its handler from `handlers`. */
export function handleMessages<Events, Context>(
  socket: EventSource,
  schemas: MessageSchemas<Events>,
  handlers: MessageHandlers<Events, Context>,
  context: Context,
  options: MessageOptions,
  arrivals: MessageArrivals<Events, Context> = {},
): void {
  const register = <E extends keyof Events & string>(event: E) => {
    const arrival = arrivals[event];
    handleMessage(socket, schemas, event, (message) => handlers[event](context, message), options, arrival && ((message) => arrival(context, message)));
  };
  for (const event of eventsOf(schemas)) register(event);
}

/**
 * Answers an event that is not in `schemas` with an error, on its ack if it has one, otherwise
 * through `refuse`: a peer speaking a newer protocol learns at once what this dashboard does not take.
 */
export function refuseUnknownEvents(
  socket: { onAny(listener: (event: string, ...args: unknown[]) => void): unknown },
  schemas: object,
  refuse: (event: string, error: string) => void,
): void {
  const known = new Set(Object.keys(schemas));
  socket.onAny((event, ...args) => {
    if (known.has(event)) return;
    const error = `unknown event "${event}"`;
    const ack = args[args.length - 1];
    if (typeof ack === "function") (ack as (reply: Refusal) => void)({ ok: false, error });
    else refuse(event, error);
  });
}
