import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

/** For container health checks and load balancers: no login, no secrets, just "can I serve". */
export async function GET() {
  const { store, dashboardVersion } = getRuntime();
  try {
    await store.$queryRawUnsafe("SELECT 1");
    return Response.json({ status: "ok", version: dashboardVersion });
  } catch {
    return Response.json({ status: "unavailable", reason: "database unreachable" }, { status: 503 });
  }
}
