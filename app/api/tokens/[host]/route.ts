import { hostTokenSnippet } from "@/lib/auth/token-snippet";
import { route } from "@/lib/http/route";
import { tokenParamsSchema, type IssuedToken, type OkReply } from "@/lib/protocol/api";

export const dynamic = "force-dynamic";

/** Creates the host's token, or rotates it: the old one stops working and its agent is disconnected. */
export const POST = route({ role: "operator", params: tokenParamsSchema }, async ({ request, runtime, caller, ip, params }) => {
  const { token } = await runtime.hostTokens.issue(params.host, caller.user, ip);
  const origin = request.headers.get("origin") ?? new URL(request.url).origin;
  const issued: IssuedToken = { host: params.host, token, snippet: hostTokenSnippet(params.host, origin) };
  return Response.json(issued, { status: 201, headers: { "cache-control": "no-store" } });
});

export const DELETE = route({ role: "operator", params: tokenParamsSchema }, async ({ runtime, caller, ip, params }): Promise<OkReply> => {
  await runtime.hostTokens.revoke(params.host, caller.user, ip);
  return { ok: true };
});
