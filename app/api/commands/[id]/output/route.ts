import { openOutputFile } from "@/lib/fleet/command-output-file";
import { route } from "@/lib/http/route";
import { commandParamsSchema } from "@/lib/protocol/api";

export const dynamic = "force-dynamic";

/** The whole output of a command as a text file. */
export const GET = route({ role: "viewer", params: commandParamsSchema }, async ({ runtime, params }) => {
  const file = await openOutputFile(runtime.store, params.id);
  return new Response(file.body, {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
    },
  });
});
