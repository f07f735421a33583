import { route } from "@/lib/http/route";
import { inviteCreateSchema, type InviteCreated, type UserList } from "@/lib/protocol/users";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, async ({ runtime }): Promise<UserList> => runtime.users.list());

/** An invite: a one-time link for a new user of the role, shown once. */
export const POST = route({ role: "admin", body: inviteCreateSchema }, async ({ request, runtime, caller, ip, body }) => {
  const origin = request.headers.get("origin") ?? new URL(request.url).origin;
  const invite: InviteCreated = await runtime.users.invite({ user: caller.user, ip }, body.role, origin);
  return Response.json(invite, { status: 201, headers: { "cache-control": "no-store" } });
});
