import type { z } from "zod";

/**
 * Types over Socket.IO's event interfaces (`AgentToServerEvents`, `BrowserToServerEvents`): what an
 * event carries and what its ack answers, and the map of schemas every receiving side keeps.
 */

/** The message an event carries (its first argument). */
export type EventPayload<Events, E extends keyof Events> = Events[E] extends (message: infer M, ...rest: never[]) => void ? M : never;

/** What the event's ack is called with; void for an event sent without one. */
export type EventReply<Events, E extends keyof Events> = Events[E] extends (message: never, ack: infer Ack) => void
  ? Ack extends (reply: infer R) => void
    ? R
    : void
  : void;

/**
 * One schema per event, keyed by event: a map declared `satisfies MessageSchemas<Events>` fails to
 * compile when the interface gains an event the map lacks, or the map an event the interface lacks,
 * or a schema accepts something other than the event's payload. Its keys are the only list of the
 * events a side receives.
 */
export type MessageSchemas<Events> = { readonly [E in keyof Events]-?: z.ZodType<EventPayload<Events, E>> };

/** The events of a schema map, in declaration order. */
export function eventsOf<Schemas extends object>(schemas: Schemas): (keyof Schemas & string)[] {
  return Object.keys(schemas) as (keyof Schemas & string)[];
}
