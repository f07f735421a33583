import { routeContext } from "@/lib/http/route-context";
import { listAudit } from "@/lib/store/audit";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

export async function GET(request: Request) {
  const context = await routeContext(request);
  if (context instanceof Response) return context;
  const params = new URL(request.url).searchParams;
  const page = Math.max(0, Number.parseInt(params.get("page") ?? "0", 10) || 0);
  const action = params.get("action")?.slice(0, 64) || undefined;
  const audit = await listAudit(context.runtime.store, page, PAGE_SIZE, action);
  return Response.json({ ...audit, page, pageSize: PAGE_SIZE });
}
