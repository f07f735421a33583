import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import type { RolloutSummary } from "@/lib/protocol/rollouts";
import { commandTypeLabel } from "@/lib/ui/command-labels";
import { rolloutStatusLabel } from "@/lib/ui/rollout-labels";

/** Past and running rollouts, newest first, with their outcome. */
export function RolloutList({ rollouts }: { rollouts: readonly RolloutSummary[] }) {
  if (rollouts.length === 0) {
    return (
      <p className="rounded-xl border border-dashed border-border bg-card px-6 py-10 text-center text-sm text-muted-foreground">
        No rollout yet. Start one from the fleet page: select hosts (or none, for the whole fleet) and choose Roll out….
      </p>
    );
  }
  return (
    <ul className="flex flex-col divide-y divide-border rounded-xl border border-border bg-card" aria-label="Rollouts">
      {rollouts.map((rollout) => {
        const status = rolloutStatusLabel(rollout.status);
        return (
          <li key={rollout.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 text-sm" data-rollout-row={rollout.id}>
            <Link href={`/rollouts/${rollout.id}`} className="font-medium hover:underline">
              {commandTypeLabel(rollout.action)} on {rollout.hosts} hosts
            </Link>
            <Badge variant={status.tone}>{status.label}</Badge>
            <span className="text-muted-foreground">
              {rollout.succeeded} succeeded · {rollout.failed} failed
            </span>
            {rollout.targetCommit && <code className="text-xs text-muted-foreground">{rollout.targetCommit.slice(0, 12)}</code>}
            <span className="ml-auto text-xs text-muted-foreground">
              {rollout.requestedBy} · <LocalTime timestamp={rollout.createdAt} />
            </span>
          </li>
        );
      })}
    </ul>
  );
}
