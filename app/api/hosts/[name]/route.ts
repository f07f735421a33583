import { route } from "@/lib/http/route";
import { hostParamsSchema, pageQuerySchema, type HostDetail, type OkReply } from "@/lib/protocol/api";
import { ServiceError } from "@/lib/service-error";
import { listHostCommands } from "@/lib/store/commands";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 20;

export const GET = route(
  { role: "viewer", params: hostParamsSchema, query: pageQuerySchema },
  async ({ runtime, params, query }): Promise<HostDetail> => {
    const host = runtime.fleet.get(params.name);
    if (!host) throw new ServiceError("not-found", "no such host");
    const history = await listHostCommands(runtime.store, params.name, query.page, PAGE_SIZE);
    return { host, ...history, page: query.page, pageSize: PAGE_SIZE };
  },
);

/** Removes a host that is offline (an online one would come straight back). */
export const DELETE = route({ role: "operator", params: hostParamsSchema }, async ({ runtime, caller, ip, params }): Promise<OkReply> => {
  await runtime.hostRemoval.remove(params.name, caller.user, ip);
  return { ok: true };
});
