import { jsonError, routeContext } from "@/lib/http/route-context";
import { findCommand } from "@/lib/store/commands";
import { outputText } from "@/lib/store/output-text";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** The whole output of a command as a text file (what can be read of it, with a line saying why the rest cannot). */
export async function GET(request: Request, { params }: Params) {
  const context = await routeContext(request);
  if (context instanceof Response) return context;
  const { id } = await params;
  const { store, log } = context.runtime;
  const command = await findCommand(store, id);
  if (!command) return jsonError(404, "no such command");

  const body = outputText(store, id, log);
  const filename = `${command.hostName}-${command.type}-${command.createdAt.toISOString().replace(/[:.]/g, "-")}.log`;
  return new Response(body, {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}
