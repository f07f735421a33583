import { route } from "@/lib/http/route";
import type { OkReply } from "@/lib/protocol/api";
import { userParamsSchema, type SessionList } from "@/lib/protocol/users";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin", params: userParamsSchema }, async ({ runtime, params }): Promise<SessionList> => runtime.users.sessionsOf(params.name));

/** Ends every session of the user, on every replica (their open browsers disconnect). */
export const DELETE = route({ role: "admin", params: userParamsSchema }, async ({ runtime, caller, ip, params }): Promise<OkReply> => {
  await runtime.users.endSessions({ user: caller.user, ip }, params.name);
  return { ok: true };
});
