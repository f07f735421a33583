import { listHostTokenStates } from "@/lib/auth/token-states";
import { routeContext } from "@/lib/http/route-context";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const context = await routeContext(request);
  if (context instanceof Response) return context;
  const { store, fleet, config } = context.runtime;
  const hosts = await listHostTokenStates(store, fleet.snapshot().map((h) => h.name));
  return Response.json({ hosts, sharedTokenEnabled: config.agentToken !== null });
}
