// Handlers made with the route helper: the route walker test must accept them.
import { route } from "../../../../../lib/http/route";
import { hostParamsSchema } from "../../../../../lib/protocol/api";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: hostParamsSchema }, async ({ params }) => ({ name: params.name }));
export const DELETE = route({ role: "operator", params: hostParamsSchema }, async () => ({ ok: true }));
