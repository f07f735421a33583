import { jsonError, routeContext } from "@/lib/http/route-context";
import { hostNameSchema } from "@/lib/protocol/fields";
import { listHostCommands } from "@/lib/store/commands";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ name: string }> };
const PAGE_SIZE = 20;

export async function GET(request: Request, { params }: Params) {
  const context = await routeContext(request);
  if (context instanceof Response) return context;
  const { name } = await params;
  const host = context.runtime.fleet.get(name);
  if (!host) return jsonError(404, "no such host");
  const page = Math.max(0, Number.parseInt(new URL(request.url).searchParams.get("page") ?? "0", 10) || 0);
  const history = await listHostCommands(context.runtime.store, name, page, PAGE_SIZE);
  return Response.json({ host, ...history, page, pageSize: PAGE_SIZE });
}

/** Removes a host that is offline (an online one would come straight back). */
export async function DELETE(request: Request, { params }: Params) {
  const context = await routeContext(request);
  if (context instanceof Response) return context;
  const { name } = await params;
  if (!hostNameSchema.safeParse(name).success) return jsonError(400, "invalid host name");
  const host = context.runtime.fleet.get(name);
  if (!host) return jsonError(404, "no such host");
  if (host.online) return jsonError(409, `${name} is online: stop its agent first`);
  await context.runtime.fleet.remove(name);
  await context.runtime.audit.record({ actor: context.user, action: "host.remove", target: name, sourceIp: context.ip });
  return Response.json({ ok: true });
}
