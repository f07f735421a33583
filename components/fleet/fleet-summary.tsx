import { cn } from "@/lib/ui/cn";
import { useFleetLoaded, useFleetSummary } from "./fleet-store-context";

function SummaryItem({ count, label, dot }: { count: number | null; label: string; dot?: string }) {
  return (
    <div className="flex items-center gap-1.5">
      {dot && <span aria-hidden className={cn("size-1.5 rounded-full bg-current", dot)} />}
      <dt className="sr-only">{label}</dt>
      <dd className="flex items-baseline gap-1">
        <span className="font-semibold tabular-nums text-foreground">{count ?? "–"}</span>
        <span aria-hidden>{label.toLowerCase()}</span>
      </dd>
    </div>
  );
}

/** "12 hosts · 10 online · 2 offline". */
export function FleetSummary() {
  const loaded = useFleetLoaded();
  const { total, online, offline } = useFleetSummary();
  const show = (n: number) => (loaded ? n : null);
  return (
    <dl aria-label="Fleet summary" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-muted-foreground">
      <SummaryItem count={show(total)} label={total === 1 ? "Host" : "Hosts"} />
      <SummaryItem count={show(online)} label="Online" dot="text-success" />
      <SummaryItem count={show(offline)} label="Offline" dot="text-unknown" />
    </dl>
  );
}
