import { RadioTowerIcon } from "lucide-react";
import { useSyncExternalStore } from "react";
import { CodeBlock } from "@/components/ui/code-block";
import { agentConfigSnippet } from "@/lib/ui/agent-snippet";

const subscribeNever = () => () => {};
const readOrigin = () => window.location.origin;
const placeholderOrigin = () => "https://nixfleet.example.com";

/** This dashboard's address, as agents should be pointed at it. */
function useDashboardOrigin(): string {
  return useSyncExternalStore(subscribeNever, readOrigin, placeholderOrigin);
}

/** What to do when no agent has connected yet: the two ways to start one, ready to paste. */
export function FleetEmptyState() {
  const origin = useDashboardOrigin();
  const cli = [`npm run agent -- \\`, `  --url ${origin} \\`, `  --token-file /path/to/agent-token`].join("\n");
  const nix = agentConfigSnippet(origin);

  return (
    <section
      aria-labelledby="fleet-empty-title"
      className="rounded-xl border border-dashed border-border bg-card px-5 py-8 sm:px-10 sm:py-12"
    >
      <div className="mx-auto flex max-w-2xl flex-col items-center text-center">
        <div className="flex size-11 items-center justify-center rounded-full border border-border bg-muted/60">
          <RadioTowerIcon aria-hidden className="size-5 text-muted-foreground" />
        </div>
        <h2 id="fleet-empty-title" className="mt-4 text-base font-semibold">
          No hosts yet
        </h2>
        <p className="mt-1.5 max-w-md text-sm text-muted-foreground">
          Start the agent on a host and it appears here the moment it connects.
        </p>
        <p className="mt-3 max-w-lg text-xs leading-relaxed text-muted-foreground">
          The token file holds the agent token: the dashboard&apos;s{" "}
          <code className="whitespace-nowrap font-mono">NIXFLEET_AGENT_TOKEN</code>, or on a first try the{" "}
          <code className="whitespace-nowrap font-mono">agentToken</code> in{" "}
          <code className="whitespace-nowrap font-mono">first-run-secrets.json</code> of its data directory.
        </p>
      </div>
      <div className="mx-auto mt-8 grid max-w-2xl gap-4">
        <CodeBlock caption="From a NixFleet checkout" code={cli} />
        <CodeBlock caption="NixOS or nix-darwin configuration" code={nix} />
      </div>
    </section>
  );
}
