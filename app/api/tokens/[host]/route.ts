import { hostTokenSnippet } from "@/lib/auth/token-snippet";
import { jsonError, routeContext } from "@/lib/http/route-context";
import { hostNameSchema } from "@/lib/protocol/fields";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ host: string }> };

/** Creates the host's token, or rotates it: the old one stops working and its agent is disconnected. */
export async function POST(request: Request, { params }: Params) {
  const context = await routeContext(request);
  if (context instanceof Response) return context;
  const { host } = await params;
  if (!hostNameSchema.safeParse(host).success) return jsonError(400, "invalid host name");
  const { authenticator, agents } = context.runtime;
  const { token, tokenId } = await authenticator.issue(host, "manual");
  agents.disconnectUnlessToken(host, tokenId);
  await context.runtime.audit.record({ actor: context.user, action: "token.issue", target: host, sourceIp: context.ip });
  const origin = request.headers.get("origin") ?? new URL(request.url).origin;
  return Response.json(
    { host, token, snippet: hostTokenSnippet(host, origin) },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
}

export async function DELETE(request: Request, { params }: Params) {
  const context = await routeContext(request);
  if (context instanceof Response) return context;
  const { host } = await params;
  if (!hostNameSchema.safeParse(host).success) return jsonError(400, "invalid host name");
  const { authenticator, agents } = context.runtime;
  const revoked = await authenticator.revoke(host);
  if (revoked === 0) return jsonError(404, `${host} has no active token`);
  agents.disconnectUnlessToken(host, null);
  await context.runtime.audit.record({ actor: context.user, action: "token.revoke", target: host, sourceIp: context.ip });
  return Response.json({ ok: true });
}
