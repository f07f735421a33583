import { route } from "@/lib/http/route";
import { apiTokenCreateSchema, type ApiTokenList } from "@/lib/protocol/api-tokens";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, async ({ runtime }): Promise<ApiTokenList> => ({ tokens: await runtime.apiTokens.list() }));

/** Creates a scoped API token; the answer is the only time the token is readable. */
export const POST = route({ role: "admin", body: apiTokenCreateSchema }, async ({ runtime, caller, ip, body }) => {
  const issued = await runtime.apiTokens.create(body.name, body.scopes, caller.user, ip);
  return Response.json(issued, { status: 201, headers: { "cache-control": "no-store" } });
});
