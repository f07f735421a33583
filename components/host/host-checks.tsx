import type { Indicator } from "@/lib/protocol/browser";
import { IndicatorChip } from "@/components/fleet/host-indicators";

const NAMES: Record<Indicator["letter"], string> = {
  G: "Git",
  L: "Lock",
  S: "System",
  T: "Tests",
  A: "Agent",
};

/** Each indicator with its explanation written out (the table only has room for the letters). */
export function HostChecks({ indicators }: { indicators: readonly Indicator[] }) {
  return (
    <section aria-labelledby="host-checks-title" className="rounded-xl border border-border bg-card shadow-xs">
      <h2 id="host-checks-title" className="border-b border-border px-4 py-2.5 text-sm font-semibold sm:px-5">
        Checks
      </h2>
      {indicators.length === 0 ? (
        <p className="px-4 py-3 text-sm text-muted-foreground sm:px-5">No checks reported yet.</p>
      ) : (
        <ul className="divide-y divide-border">
          {indicators.map((indicator) => (
            <li key={indicator.letter} className="flex items-start gap-3 px-4 py-2.5 sm:px-5">
              <IndicatorChip indicator={indicator} className="mt-0.5" />
              <div className="min-w-0">
                <p className="text-sm font-medium">
                  {NAMES[indicator.letter]}
                  <span className="font-normal text-muted-foreground"> · {indicator.label}</span>
                </p>
                <p className="break-words text-xs text-muted-foreground">{indicator.description}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
