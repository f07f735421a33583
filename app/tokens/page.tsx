import type { Metadata } from "next";
import { AppShell } from "@/components/layout/app-shell";
import { ApiTokensSection } from "@/components/tokens/api-tokens-section";
import { TokensView } from "@/components/tokens/tokens-view";
import { listTokens } from "@/lib/auth/token-states";
import { getRuntime } from "@/lib/runtime";

// The runtime exists only when the dashboard's server runs, not during `next build`.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Tokens" };

export default async function TokensPage() {
  const { fleet, store, config, dashboardVersion, apiTokens } = getRuntime();
  const knownHosts = fleet.snapshot().map((host) => host.name);
  const tokens = await listTokens(store, knownHosts, config.agentToken);
  return (
    <AppShell version={dashboardVersion}>
      <div className="flex flex-col gap-10">
        <TokensView initial={tokens} knownHosts={knownHosts} />
        <ApiTokensSection initial={await apiTokens.list()} />
      </div>
    </AppShell>
  );
}
