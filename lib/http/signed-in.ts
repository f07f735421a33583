import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { hasRole, type Role } from "../auth/roles";
import { readSession } from "../auth/session";
import { isLocalUser, type SignedInUser } from "../protocol/users";
import { getRuntime } from "../runtime";

/**
 * Who is signed in, for a page: read from the request's session cookie as every route reads it. The
 * request guard let the request through only with a session; one that ended since goes to /login.
 */
export async function signedInUser(): Promise<SignedInUser> {
  const { config, sessions } = getRuntime();
  const session = await readSession((await headers()).get("cookie") ?? undefined, config.sessionSecrets, sessions);
  if (!session) redirect("/login");
  return { user: session.user, role: session.role, hasAccount: isLocalUser(session.user) };
}

/** Whether the signed-in user holds `role`: a page shows its content only then (and says why not otherwise). */
export function holds(user: SignedInUser, role: Role): boolean {
  return hasRole(user.role, role);
}
