import { route } from "@/lib/http/route";
import { auditQuerySchema, type AuditPage } from "@/lib/protocol/api";
import { listAudit } from "@/lib/store/audit";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

export const GET = route({ role: "viewer", query: auditQuerySchema }, async ({ runtime, query }): Promise<AuditPage> => {
  const audit = await listAudit(runtime.store, query.page, PAGE_SIZE, query.action || undefined);
  return { ...audit, page: query.page, pageSize: PAGE_SIZE };
});
