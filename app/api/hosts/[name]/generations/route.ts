import { route } from "@/lib/http/route";
import { hostParamsSchema, type GenerationList } from "@/lib/protocol/api";
import { ServiceError } from "@/lib/service-error";
import { findGenerations } from "@/lib/store/generations";

export const dynamic = "force-dynamic";

/** The host's generations as its agent last reported them, newest first. */
export const GET = route({ role: "viewer", params: hostParamsSchema }, async ({ runtime, params }): Promise<GenerationList> => {
  if (!runtime.fleet.get(params.name)) throw new ServiceError("not-found", "no such host");
  return { generations: await findGenerations(runtime.store, params.name) };
});
