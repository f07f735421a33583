import { route } from "@/lib/http/route";
import { commandStartSchema, hostParamsSchema, type CommandStarted } from "@/lib/protocol/api";
import { commandOptions } from "@/lib/fleet/command-service";
import { ServiceError } from "@/lib/service-error";

export const dynamic = "force-dynamic";

/** Starts pull, switch, pull-switch, test or rollback on one host: `{ "type": "switch" }`, `{ "type": "rollback", "generation": 7 }`,
 * `{ "type": "switch", "runTests": false }` (no health gate). */
export const POST = route(
  { role: "operator", params: hostParamsSchema, body: commandStartSchema },
  async ({ runtime, caller, ip, params, body }) => {
    const outcome = await runtime.commands.request({ host: params.name, ...commandOptions(body), requestedBy: caller.user, sourceIp: ip });
    if (!outcome.ok) throw new ServiceError("conflict", outcome.reason);
    return Response.json({ command: outcome.command } satisfies CommandStarted, { status: 201, headers: { "cache-control": "no-store" } });
  },
);
