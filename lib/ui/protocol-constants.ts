import type { CommandType } from "@/lib/protocol/agent";

/**
 * The protocol values the browser needs, copied so that client code imports only types from
 * lib/protocol: a value import would pull the zod schemas (and zod) into the page's JavaScript.
 * protocol-constants.test.ts keeps the copies equal to the originals.
 */
export const BROWSER_NAMESPACE = "/browser";
export const COMMAND_TYPES: readonly CommandType[] = ["pull", "switch", "pull-switch", "test"];
