// A read of the users API open to operators: the route walker test must flag it (users are the admin's).
import { route } from "../../../../../lib/http/route";

export const GET = route({ role: "operator" }, async () => ({ users: [] }));
