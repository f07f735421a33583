import { route } from "@/lib/http/route";
import { commandStartSchema, hostParamsSchema, type CommandStarted } from "@/lib/protocol/api";
import { ServiceError } from "@/lib/service-error";

export const dynamic = "force-dynamic";

/** Starts pull, switch, pull-switch or test on one host: `{ "type": "switch" }`. */
export const POST = route(
  { role: "operator", params: hostParamsSchema, body: commandStartSchema },
  async ({ runtime, caller, ip, params, body }) => {
    const outcome = await runtime.commands.request({ host: params.name, type: body.type, requestedBy: caller.user, sourceIp: ip });
    if (!outcome.ok) throw new ServiceError("conflict", outcome.reason);
    return Response.json({ command: outcome.command } satisfies CommandStarted, { status: 201, headers: { "cache-control": "no-store" } });
  },
);
