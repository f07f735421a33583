import { route } from "@/lib/http/route";
import { rolloutStartSchema, type RolloutSummary, type RolloutView } from "@/lib/protocol/rollouts";

export const dynamic = "force-dynamic";

/** The newest rollouts first. */
export const GET = route({ role: "viewer" }, async ({ runtime }): Promise<{ rollouts: RolloutSummary[] }> => ({
  rollouts: await runtime.rollouts.list(),
}));

/**
 * Starts a rollout: `{ "scope": { "kind": "tag", "tag": "web" }, "plan": { … } }` (every plan field has a
 * default). CI may call it with an API token of the `rollouts` scope instead of a session.
 */
export const POST = route(
  { role: "operator", scope: "rollouts", body: rolloutStartSchema, maxBodyBytes: 1_000_000 },
  async ({ runtime, caller, ip, body }) => {
    const rollout: RolloutView = await runtime.rollouts.create({ scope: body.scope, plan: body.plan, requestedBy: caller.user, sourceIp: ip });
    return Response.json({ rollout }, { status: 201, headers: { "cache-control": "no-store" } });
  },
);
