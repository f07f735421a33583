import Link from "next/link";
import type { Indicator } from "@/lib/protocol/browser";
import { IndicatorChip } from "@/components/fleet/host-indicators";
import { opensPreview, previewHref } from "@/lib/ui/preview-state";

const NAMES: Record<Indicator["letter"], string> = {
  G: "Git",
  L: "Lock",
  S: "System",
  T: "Tests",
  A: "Agent",
};

/** The description without its "G: " prefix: the name is already written next to it. */
function explanation(indicator: Indicator): string {
  const prefix = `${indicator.letter}: `;
  return indicator.description.startsWith(prefix) ? indicator.description.slice(prefix.length) : indicator.description;
}

/** Each indicator with its explanation written out (the table only has room for the letters). */
export function HostChecks({ name, indicators }: { name: string; indicators: readonly Indicator[] }) {
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
            <li key={indicator.letter} className="flex items-center gap-3 px-4 py-2.5 sm:px-5">
              <IndicatorChip indicator={indicator} />
              <p className="min-w-0 break-words text-sm">
                <span className="font-medium">{NAMES[indicator.letter]}</span>
                <span className="text-muted-foreground"> · {explanation(indicator)}</span>
              </p>
              {opensPreview(indicator) && (
                <Link href={previewHref(name)} className="ml-auto shrink-0 text-xs font-medium text-info-foreground underline-offset-2 hover:underline">
                  What would change?
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
