import { cn } from "@/lib/ui/cn";

const SPOKES: readonly [number, number][] = [
  [12, 6.5],
  [16.76, 9.25],
  [16.76, 14.75],
  [12, 17.5],
  [7.24, 14.75],
  [7.24, 9.25],
];

/** NixFleet's mark: a snowflake of hosts around one dashboard, in the brand colour. Decorative. */
export function BrandMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden className={cn("size-6 shrink-0", className)}>
      <rect width="24" height="24" rx="6" className="fill-brand" />
      <g className="stroke-white" strokeWidth="1.4" strokeLinecap="round">
        {SPOKES.map(([x, y]) => (
          <line key={`${x}-${y}`} x1="12" y1="12" x2={x} y2={y} />
        ))}
      </g>
      <g className="fill-white">
        <circle cx="12" cy="12" r="2.1" />
        {SPOKES.map(([x, y]) => (
          <circle key={`${x}-${y}`} cx={x} cy={y} r="1.45" />
        ))}
      </g>
    </svg>
  );
}
