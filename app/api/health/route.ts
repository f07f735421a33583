import { route } from "@/lib/http/route";
import type { Health } from "@/lib/protocol/api";
import { storeConditionWords } from "@/lib/ui/health-labels";

export const dynamic = "force-dynamic";

/**
 * For container health checks and load balancers: no login, no secrets, just "can I serve". The store
 * must take a write (a read went on answering through a full disk), and a replica must hear its peers.
 */
export const GET = route({ role: "public" }, async ({ runtime }) => {
  const { store, peersUnheard } = await runtime.health.check();
  const reason = store !== "ok" ? `store unavailable: ${storeConditionWords(store)}` : peersUnheard ? "this replica does not hear its peers" : null;
  if (reason === null) return { status: "ok", version: runtime.dashboardVersion } satisfies Health;
  return Response.json({ status: "unavailable", reason } satisfies Health, { status: 503 });
});
