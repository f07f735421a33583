import { jsonError, routeContext } from "@/lib/http/route-context";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ name: string }> };

export async function POST(request: Request, { params }: Params) {
  const context = await routeContext(request);
  if (context instanceof Response) return context;
  const { name } = await params;
  const outcome = await context.runtime.commands.requestStop(name, context.user, context.ip);
  return outcome.ok ? Response.json({ ok: true }) : jsonError(409, outcome.reason);
}
