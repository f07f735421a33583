import { route } from "@/lib/http/route";
import type { Health } from "@/lib/protocol/api";
import { storeReachable } from "@/lib/store/client";

export const dynamic = "force-dynamic";

/** For container health checks and load balancers: no login, no secrets, just "can I serve". */
export const GET = route({ role: "public" }, async ({ runtime }) => {
  if (await storeReachable(runtime.store)) return { status: "ok", version: runtime.dashboardVersion } satisfies Health;
  return Response.json({ status: "unavailable", reason: "database unreachable" } satisfies Health, { status: 503 });
});
