// A users route that needs the admin role, as it must: the route walker test accepts it.
import { route } from "../../../../../lib/http/route";

export const PATCH = route({ role: "admin" }, async () => ({ ok: true }));
