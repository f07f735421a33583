import type { Metadata } from "next";
import { AppShell } from "@/components/layout/app-shell";
import { ApiTokensSection } from "@/components/tokens/api-tokens-section";
import { TokensView } from "@/components/tokens/tokens-view";
import { listTokens } from "@/lib/auth/token-states";
import { holds, signedInUser } from "@/lib/http/signed-in";
import { getRuntime } from "@/lib/runtime";

// The runtime exists only when the dashboard's server runs, not during `next build`.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Tokens" };

export default async function TokensPage() {
  const { fleet, store, config, dashboardVersion, apiTokens } = getRuntime();
  const knownHosts = fleet.snapshot().map((host) => host.name);
  const tokens = await listTokens(store, knownHosts, config.agentToken);
  const user = await signedInUser();
  return (
    <AppShell version={dashboardVersion} user={user}>
      <div className="flex flex-col gap-10">
        <TokensView initial={tokens} knownHosts={knownHosts} />
        {/* API tokens are the admin's (their routes need the admin role): others do not see them. */}
        {holds(user, "admin") && <ApiTokensSection initial={await apiTokens.list()} />}
      </div>
    </AppShell>
  );
}
