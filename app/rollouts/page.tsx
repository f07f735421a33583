import type { Metadata } from "next";
import { AppShell } from "@/components/layout/app-shell";
import { RolloutList } from "@/components/rollouts/rollout-list";
import { signedInUser } from "@/lib/http/signed-in";
import { getRuntime } from "@/lib/runtime";

// The runtime exists only when the dashboard's server runs, not during `next build`.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Rollouts" };

export default async function RolloutsPage() {
  const { rollouts, dashboardVersion } = getRuntime();
  return (
    <AppShell version={dashboardVersion} user={await signedInUser()}>
      <div className="flex flex-col gap-4">
        <div className="flex flex-col gap-1.5">
          <h1 className="text-xl font-semibold tracking-tight">Rollouts</h1>
          <p className="text-sm text-muted-foreground">
            A rollout stages a command over many hosts: a canary first, then waves, each started only after the previous
            wave&apos;s gate passed. For &quot;run this now on these hosts&quot;, use the fleet page&apos;s bulk actions.
          </p>
        </div>
        <RolloutList rollouts={await rollouts.list()} />
      </div>
    </AppShell>
  );
}
