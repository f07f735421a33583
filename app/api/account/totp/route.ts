import { route } from "@/lib/http/route";
import type { OkReply } from "@/lib/protocol/api";
import { totpEnrolSchema } from "@/lib/protocol/users";

export const dynamic = "force-dynamic";

/** The caller enrols the TOTP secret they scanned (a new user after an administrator reset theirs). */
export const POST = route({ role: "viewer", body: totpEnrolSchema }, async ({ runtime, caller, ip, body }): Promise<OkReply> => {
  await runtime.users.enrolTotp({ user: caller.user, ip }, body.totpSecret, body.code);
  return { ok: true };
});
