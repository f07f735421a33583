import { route } from "@/lib/http/route";
import type { OkReply } from "@/lib/protocol/api";
import { channelParamsSchema } from "@/lib/protocol/notifications";

export const dynamic = "force-dynamic";

export const DELETE = route({ role: "admin", params: channelParamsSchema }, async ({ runtime, caller, ip, params }): Promise<OkReply> => {
  await runtime.notifications.remove(params.id, caller.user, ip);
  return { ok: true };
});
