import { route } from "@/lib/http/route";
import type { OkReply } from "@/lib/protocol/api";
import { userParamsSchema } from "@/lib/protocol/users";

export const dynamic = "force-dynamic";

/** Resets the user's TOTP (a lost phone): their sessions end, and they enrol a new one after signing in. */
export const DELETE = route({ role: "admin", params: userParamsSchema }, async ({ runtime, caller, ip, params }): Promise<OkReply> => {
  await runtime.users.resetTotp({ user: caller.user, ip }, params.name);
  return { ok: true };
});
