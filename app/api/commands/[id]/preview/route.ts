import { route } from "@/lib/http/route";
import { commandParamsSchema, type PreviewDetail } from "@/lib/protocol/api";
import { ServiceError } from "@/lib/service-error";
import { findPreview } from "@/lib/store/previews";

export const dynamic = "force-dynamic";

/** What a preview command found a switch would change. */
export const GET = route({ role: "viewer", params: commandParamsSchema }, async ({ runtime, params }): Promise<PreviewDetail> => {
  const found = await findPreview(runtime.store, params.id);
  if (!found) throw new ServiceError("not-found", "no preview for this command");
  return { commandId: params.id, ...found };
});
