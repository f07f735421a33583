// A change made with the helper but open to viewers: the route walker test must flag it.
import { route } from "../../../../lib/http/route";

export const POST = route({ role: "viewer" }, async () => ({ ok: true }));
