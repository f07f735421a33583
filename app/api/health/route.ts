import { getRuntime } from "@/lib/runtime";
import { storeConditionWords } from "@/lib/ui/health-labels";

export const dynamic = "force-dynamic";

/**
 * For container health checks and load balancers: no login, no secrets, just "can I serve". The store
 * must take a write (a read went on answering through a full disk), and a replica must hear its peers.
 */
export async function GET() {
  const { health, dashboardVersion } = getRuntime();
  const { store, peersUnheard } = await health.check();
  if (store !== "ok") return Response.json({ status: "unavailable", reason: `store unavailable: ${storeConditionWords(store)}` }, { status: 503 });
  if (peersUnheard) return Response.json({ status: "unavailable", reason: "this replica does not hear its peers" }, { status: 503 });
  return Response.json({ status: "ok", version: dashboardVersion });
}
