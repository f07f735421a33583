// A route that takes API tokens but is not listed as one: the route walker test must flag it.
import { route } from "../../../../lib/http/route";

export const POST = route({ role: "operator", scope: "rollouts" }, async () => ({ ok: true }));
