import type { z } from "zod";
import type { Logger } from "../logger";
import type { Refusal } from "../protocol/agent";
import { parseMessage } from "../protocol/validate";
import type { HandlerQueue } from "./handler-queue";

type Listener = (...args: unknown[]) => void;
interface EventSource {
  on(event: string, listener: Listener): unknown;
}
type Reply = Refusal;

/**
 * Registers a socket event whose payload is checked against its schema before the handler sees
 * it. An invalid payload, or a handler that throws, is answered with an error on the ack (when
 * the peer gave one) and never reaches the rest of the server. With a `queue`, the message is
 * checked and handled on a later turn of the event loop, one message per turn (see HandlerQueue).
 */
export function handleMessage<S extends z.ZodType, R>(
  socket: EventSource,
  event: string,
  schema: S,
  handler: (message: z.infer<S>) => R | Promise<R>,
  context: {
    log: Logger;
    peer: string;
    onInvalid: (error: string) => void;
    queue?: HandlerQueue;
    /** With a queue: a message that waited longer is dropped unanswered (its sender has given up on it). */
    staleAfterMs?: number;
  },
): void {
  socket.on(event, (...args: unknown[]) => {
    const last = args[args.length - 1];
    const ack = typeof last === "function" ? (last as (reply: R | Reply) => void) : undefined;
    const handle = () => {
      const parsed = parseMessage(schema, args[0]);
      if (!parsed.ok) {
        context.log.warn("socket.invalid_message", { peer: context.peer, event, error: parsed.error });
        if (ack) ack({ ok: false, error: parsed.error });
        else context.onInvalid(parsed.error);
        return;
      }
      return Promise.resolve()
        .then(() => handler(parsed.value))
        .then((reply) => ack?.(reply))
        .catch((error: unknown) => {
          context.log.error("socket.handler_failed", { peer: context.peer, event, error: String(error) });
          ack?.({ ok: false, error: "internal error: the dashboard could not handle this message", retryable: true });
        });
    };
    if (context.queue) void context.queue.run(handle, context.staleAfterMs);
    else void handle();
  });
}
