import { route } from "@/lib/http/route";
import { hostParamsSchema, type OkReply } from "@/lib/protocol/api";
import { ServiceError } from "@/lib/service-error";

export const dynamic = "force-dynamic";

export const POST = route({ role: "operator", params: hostParamsSchema }, async ({ runtime, caller, ip, params }): Promise<OkReply> => {
  const outcome = await runtime.commands.requestStop(params.name, caller.user, ip);
  if (!outcome.ok) throw new ServiceError("conflict", outcome.reason);
  return { ok: true };
});
