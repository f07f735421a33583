import { memo, type CSSProperties } from "react";
import { cn } from "@/lib/ui/cn";
import { safeThemeColor } from "@/lib/ui/host-labels";
import { useHost } from "./fleet-store-context";
import { columnsPlaced, type HostColumn } from "./host-columns";

const TITLE = columnsPlaced("title");
const STATUS = columnsPlaced("status");
const DETAILS = columnsPlaced("details");

function Cells({ columns, host }: { columns: readonly HostColumn[]; host: NonNullable<ReturnType<typeof useHost>> }) {
  return columns.map(({ id, Cell }) => (
    <div key={id} role="cell" data-column={id} className="flex min-w-0 items-center">
      <Cell host={host} />
    </div>
  ));
}

/**
 * One host: a grid row at desktop width, a card at phone width. It reads its own host from the
 * store by name, so a patch to this host re-renders this row and no other.
 */
export const HostRow = memo(function HostRow({ name }: { name: string }) {
  const host = useHost(name);
  if (!host) return null;
  const color = safeThemeColor(host.themeColor);
  return (
    <div
      role="row"
      data-host={host.name}
      data-online={host.online}
      style={color ? ({ "--host-color": color } as CSSProperties) : undefined}
      className={cn(
        "grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-3 gap-y-2 border-b border-border px-4 py-3 last:border-b-0",
        "md:h-12 md:grid-cols-(--host-grid) md:gap-x-4 md:py-0",
        "shadow-[inset_3px_0_0_var(--host-color,transparent)] transition-colors hover:bg-muted/50",
        "[contain-intrinsic-size:auto_5.5rem] [content-visibility:auto] md:[contain-intrinsic-size:auto_3rem]",
      )}
    >
      <Cells columns={TITLE} host={host} />
      <Cells columns={STATUS} host={host} />
      <div className="col-span-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm md:contents">
        <Cells columns={DETAILS} host={host} />
      </div>
    </div>
  );
});
