import type { Metadata } from "next";
import { FleetView } from "@/components/fleet/fleet-view";
import { AppShell } from "@/components/layout/app-shell";
import { signedInUser } from "@/lib/http/signed-in";
import { getRuntime } from "@/lib/runtime";

// The runtime exists only when the dashboard's server runs, not during `next build`.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Fleet" };

export default async function FleetPage() {
  const { dashboardVersion } = getRuntime();
  return (
    <AppShell version={dashboardVersion} user={await signedInUser()}>
      <FleetView />
    </AppShell>
  );
}
