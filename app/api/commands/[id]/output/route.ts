import { jsonError, routeContext } from "@/lib/http/route-context";
import { findCommand, readOutput } from "@/lib/store/commands";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };
const PAGE_LINES = 5_000;

/** The whole output of a command as a text file, read from the store page by page. */
export async function GET(request: Request, { params }: Params) {
  const context = await routeContext(request);
  if (context instanceof Response) return context;
  const { id } = await params;
  const { store } = context.runtime;
  const command = await findCommand(store, id);
  if (!command) return jsonError(404, "no such command");

  const encoder = new TextEncoder();
  let after = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const lines = await readOutput(store, id, after, PAGE_LINES);
      if (lines.length === 0) return controller.close();
      after = lines[lines.length - 1]!.seq;
      controller.enqueue(encoder.encode(lines.map((l) => l.line).join("\n") + "\n"));
    },
  });
  const filename = `${command.host}-${command.command.type}-${new Date(command.command.createdAt).toISOString().replace(/[:.]/g, "-")}.log`;
  return new Response(body, {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}
