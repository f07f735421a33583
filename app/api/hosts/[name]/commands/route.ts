import { jsonError, readJsonBody, routeContext } from "@/lib/http/route-context";
import { commandRequestSchema } from "@/lib/protocol/browser";
import { parseMessage } from "@/lib/protocol/validate";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ name: string }> };

/** Starts pull, switch, pull-switch or test on one host: `{ "type": "switch" }`. */
export async function POST(request: Request, { params }: Params) {
  const context = await routeContext(request);
  if (context instanceof Response) return context;
  const { name } = await params;
  const body = await readJsonBody(request);
  const parsed = parseMessage(commandRequestSchema, { ...(typeof body === "object" ? body : {}), host: name });
  if (!parsed.ok) return jsonError(400, parsed.error);
  const outcome = await context.runtime.commands.request({
    host: parsed.value.host,
    type: parsed.value.type,
    requestedBy: context.user,
    sourceIp: context.ip,
  });
  return outcome.ok ? Response.json({ command: outcome.command }, { status: 201 }) : jsonError(409, outcome.reason);
}
