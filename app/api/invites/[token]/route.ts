import { route } from "@/lib/http/route";
import type { OkReply } from "@/lib/protocol/api";
import { inviteAcceptSchema, inviteParamsSchema } from "@/lib/protocol/users";

export const dynamic = "force-dynamic";

/** The invited person creates their user: name, password and a code of the TOTP secret they scanned. */
export const POST = route(
  { role: "public", params: inviteParamsSchema, body: inviteAcceptSchema },
  async ({ runtime, ip, params, body }): Promise<OkReply> => {
    await runtime.users.join(params.token, body, ip);
    return { ok: true };
  },
);
