import { route } from "@/lib/http/route";
import type { OkReply } from "@/lib/protocol/api";
import { apiTokenParamsSchema } from "@/lib/protocol/api-tokens";

export const dynamic = "force-dynamic";

export const DELETE = route({ role: "admin", params: apiTokenParamsSchema }, async ({ runtime, caller, ip, params }): Promise<OkReply> => {
  await runtime.apiTokens.revoke(params.id, caller.user, ip);
  return { ok: true };
});
