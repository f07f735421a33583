import { route } from "@/lib/http/route";
import { rolloutControlSchema, rolloutParamsSchema, type RolloutView } from "@/lib/protocol/rollouts";
import { ServiceError } from "@/lib/service-error";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: rolloutParamsSchema }, async ({ runtime, params }): Promise<{ rollout: RolloutView }> => {
  const rollout = await runtime.rollouts.get(params.id);
  if (!rollout) throw new ServiceError("not-found", `no rollout ${params.id}`);
  return { rollout };
});

/** Pause, resume, abort, retry its failed hosts, or approve the next wave: `{ "control": "pause" }`. */
export const POST = route(
  { role: "operator", params: rolloutParamsSchema, body: rolloutControlSchema },
  async ({ runtime, caller, ip, params, body }): Promise<{ rollout: RolloutView }> => ({
    rollout: await runtime.rollouts.control(params.id, body.control, caller.user, ip),
  }),
);
