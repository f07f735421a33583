import NextAuth from "next-auth";
import { route } from "@/lib/http/route";
import { nextAuthParamsSchema } from "@/lib/protocol/api";

export const dynamic = "force-dynamic";

/** next-auth's own sign-in, callback and session endpoints: public, they are how a session begins. */
const handler = route({ role: "public", params: nextAuthParamsSchema }, async ({ request, runtime, params }) =>
  NextAuth(request as never, { params } as never, runtime.authOptions) as Promise<Response>,
);

export { handler as GET, handler as POST };
