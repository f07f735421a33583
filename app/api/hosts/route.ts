import { routeContext } from "@/lib/http/route-context";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const context = await routeContext(request);
  if (context instanceof Response) return context;
  return Response.json({ hosts: context.runtime.fleet.snapshot() });
}
