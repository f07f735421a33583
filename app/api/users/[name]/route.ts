import { route } from "@/lib/http/route";
import type { OkReply } from "@/lib/protocol/api";
import { userChangeSchema, userParamsSchema } from "@/lib/protocol/users";

export const dynamic = "force-dynamic";

/** A new role, or disabled / enabled: either ends the user's sessions at once. */
export const PATCH = route({ role: "admin", params: userParamsSchema, body: userChangeSchema }, async ({ runtime, caller, ip, params, body }): Promise<OkReply> => {
  const actor = { user: caller.user, ip };
  if (body.role !== undefined) await runtime.users.changeRole(actor, params.name, body.role);
  if (body.disabled !== undefined) await runtime.users.setDisabled(actor, params.name, body.disabled);
  return { ok: true };
});
