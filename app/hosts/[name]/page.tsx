import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { HostDetailView } from "@/components/host/host-detail-view";
import { AppShell } from "@/components/layout/app-shell";
import { listHostTokenStates } from "@/lib/auth/token-states";
import { hostNameSchema } from "@/lib/protocol/fields";
import { signedInUser } from "@/lib/http/signed-in";
import { getRuntime } from "@/lib/runtime";

// The runtime exists only when the dashboard's server runs, not during `next build`.
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: hostNameSchema.safeParse(name).success ? name : "Host" };
}

export default async function HostPage({ params }: Props) {
  const { name } = await params;
  const { fleet, store, dashboardVersion } = getRuntime();
  if (!hostNameSchema.safeParse(name).success || !fleet.get(name)) notFound();
  const token = (await listHostTokenStates(store, [name])).find((state) => state.host === name) ?? null;
  return (
    <AppShell version={dashboardVersion} user={await signedInUser()}>
      <HostDetailView name={name} token={token} />
    </AppShell>
  );
}
