"use client";

import type { CSSProperties } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { cn } from "@/lib/ui/cn";
import type { SortKey } from "@/lib/ui/fleet-filter";
import { visibleSelectionState } from "@/lib/ui/selection-store";
import { useConnectionState } from "./fleet-store-context";
import { HOST_COLUMNS, HOST_GRID_VARIABLES, ROW_GRID_CLASSES, SHOW_FROM } from "./host-columns";
import { HostRow } from "./host-row";
import { useSelected, useSelectionStore } from "./selection-context";

const gridStyle = HOST_GRID_VARIABLES as CSSProperties;

/** Which column header tells the sort order (aria-sort), per sort key. */
const SORTED_COLUMN: Record<SortKey, string> = { name: "name", status: "status", "last-seen": "status" };

function SelectVisible({ names }: { names: readonly string[] }) {
  const selection = useSelectionStore();
  const state = visibleSelectionState(names, useSelected());
  return (
    <Checkbox
      checked={state}
      onChange={() => selection.setMany(names, state !== true)}
      aria-label={`Select all ${names.length} shown hosts`}
    />
  );
}

function HostTableHeader({ names, sort }: { names: readonly string[]; sort: SortKey }) {
  return (
    <div role="rowgroup">
      <div
        role="row"
        className={cn(
          "flex h-10 items-center gap-3 border-b border-border bg-muted/40 px-4 text-xs font-medium text-muted-foreground",
          "lg:grid lg:h-9",
          ROW_GRID_CLASSES,
        )}
      >
        {HOST_COLUMNS.map((column) =>
          column.id === "select" ? (
            <div key={column.id} role="columnheader" className="flex items-center gap-2.5">
              <SelectVisible names={names} />
              <span className="lg:sr-only">
                {names.length} {names.length === 1 ? "host" : "hosts"}
              </span>
            </div>
          ) : (
            <div
              key={column.id}
              role="columnheader"
              aria-sort={SORTED_COLUMN[sort] === column.id ? "ascending" : undefined}
              className={cn("hidden", SHOW_FROM[column.from], column.id === "actions" && "lg:justify-end")}
            >
              {column.header}
            </div>
          ),
        )}
      </div>
    </div>
  );
}

/** The hosts the filter shows, in its order. Each row follows its own host. */
export function HostTable({ names, sort }: { names: readonly string[]; sort: SortKey }) {
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
      <HostTableHeader names={names} sort={sort} />
      <div role="rowgroup">
        {names.map((name) => (
          <HostRow key={name} name={name} />
        ))}
      </div>
    </div>
  );
}
