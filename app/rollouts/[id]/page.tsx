import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AppShell } from "@/components/layout/app-shell";
import { RolloutView } from "@/components/rollouts/rollout-view";
import { rolloutParamsSchema } from "@/lib/protocol/rollouts";
import { signedInUser } from "@/lib/http/signed-in";
import { getRuntime } from "@/lib/runtime";

// The runtime exists only when the dashboard's server runs, not during `next build`.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Rollout" };

export default async function RolloutPage({ params }: { params: Promise<{ id: string }> }) {
  const parsed = rolloutParamsSchema.safeParse(await params);
  const { rollouts, dashboardVersion } = getRuntime();
  const rollout = parsed.success ? await rollouts.get(parsed.data.id) : null;
  if (!rollout) notFound();
  return (
    <AppShell version={dashboardVersion} user={await signedInUser()}>
      <RolloutView initial={rollout} />
    </AppShell>
  );
}
