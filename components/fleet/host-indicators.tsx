import { memo } from "react";
import type { Indicator, IndicatorColor } from "@/lib/protocol/browser";
import Link from "next/link";
import { cn } from "@/lib/ui/cn";
import { opensPreview, previewHref } from "@/lib/ui/preview-state";

/**
 * The colour of each state (SPEC 3.2). Problems are solid so they stand out; the letter and the
 * description carry the meaning for anyone who cannot tell the colours apart.
 */
const CHIP_COLORS: Record<IndicatorColor, string> = {
  green: "border-success/35 bg-success/12 text-success-foreground",
  yellow: "border-warning/70 bg-warning/30 text-warning-foreground dark:bg-warning/20",
  red: "border-danger bg-danger text-white",
  blue: "border-info/45 bg-info/12 text-info-foreground animate-pulse",
  grey: "border-dashed border-unknown/60 bg-transparent text-unknown-foreground",
};

/** One indicator: its letter in its colour; the description is its accessible name and tooltip. */
export function IndicatorChip({ indicator, className }: { indicator: Indicator; className?: string }) {
  return (
    <span
      role="img"
      aria-label={indicator.description}
      title={indicator.description}
      data-indicator={indicator.letter}
      data-color={indicator.color}
      className={cn(
        "inline-flex size-[1.375rem] shrink-0 cursor-default select-none items-center justify-center rounded-[0.3125rem] border font-mono text-[0.6875rem] font-bold leading-none",
        CHIP_COLORS[indicator.color],
        className,
      )}
    >
      {indicator.letter}
    </span>
  );
}

/**
 * G L S T (and A) of a host, in that order. An S that says a rebuild would change the system links
 * to the host's preview of that change.
 */
export const HostIndicators = memo(function HostIndicators({ name, indicators }: { name: string; indicators: readonly Indicator[] }) {
  if (indicators.length === 0) return <span className="text-xs text-muted-foreground">–</span>;
  return (
    <ul aria-label="Checks" className="flex items-center gap-1">
      {indicators.map((indicator) => (
        <li key={indicator.letter} className="flex">
          {opensPreview(indicator) ? (
            <Link
              href={previewHref(name)}
              aria-label={`${indicator.description}: see what would change`}
              data-preview-link
              className="flex rounded-[0.3125rem] outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
            >
              <IndicatorChip indicator={indicator} className="cursor-pointer hover:brightness-95" />
            </Link>
          ) : (
            <IndicatorChip indicator={indicator} />
          )}
        </li>
      ))}
    </ul>
  );
});
