import type { CSSProperties } from "react";
import { cn } from "@/lib/ui/cn";
import { useConnectionState, useHostNames } from "./fleet-store-context";
import { HOST_COLUMNS, HOST_GRID_TEMPLATE } from "./host-columns";
import { HostRow } from "./host-row";

const gridStyle = { "--host-grid": HOST_GRID_TEMPLATE } as CSSProperties;

export function HostTableHeader() {
  return (
    <div role="rowgroup" className="max-md:sr-only">
      <div
        role="row"
        className="grid h-9 grid-cols-(--host-grid) items-center gap-x-4 border-b border-border bg-muted/40 px-4 text-xs font-medium text-muted-foreground"
      >
        {HOST_COLUMNS.map((column) => (
          <div key={column.id} role="columnheader">
            {column.header}
          </div>
        ))}
      </div>
    </div>
  );
}

/** The fleet, sorted by name. Only the list of names is read here; each row follows its own host. */
export function HostTable() {
  const names = useHostNames();
  const stale = useConnectionState() !== "live";
  return (
    <div
      role="table"
      aria-label="Hosts"
      aria-rowcount={names.length + 1}
      aria-busy={stale || undefined}
      style={gridStyle}
      className={cn(
        "overflow-hidden rounded-xl border border-border bg-card text-sm shadow-xs transition-opacity",
        stale && "opacity-60",
      )}
    >
      <HostTableHeader />
      <div role="rowgroup">
        {names.map((name) => (
          <HostRow key={name} name={name} />
        ))}
      </div>
    </div>
  );
}
