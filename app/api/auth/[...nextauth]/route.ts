import NextAuth from "next-auth";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context) {
  const params = await context.params;
  return NextAuth(request as never, { params } as never, getRuntime().authOptions);
}

export { handler as GET, handler as POST };
