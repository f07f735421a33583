"use client";

import { useEffect, useState, type CSSProperties } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { cn } from "@/lib/ui/cn";
import type { SortKey } from "@/lib/ui/fleet-filter";
import { progressivePrefix } from "@/lib/ui/progressive-list";
import { visibleSelectionState } from "@/lib/ui/selection-store";
import { useConnectionState } from "./fleet-store-context";
import { HOST_COLUMNS, HOST_GRID_VARIABLES, ROW_GRID_CLASSES, SHOW_FROM } from "./host-columns";
import { HostRow } from "./host-row";
import { RowVisibilityProvider } from "./row-visibility";
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

/** New rows mounted in one step: the first paint shows a screenful at once, the rest follow. */
const ROWS_PER_STEP = 150;
/** From this many rows, rows far from the viewport are drawn as placeholders until they come near. */
const LAZY_ROWS_FROM = 100;

/**
 * The prefix of `names` that is rendered: new rows are mounted `ROWS_PER_STEP` at a time, one
 * step per frame, so a thousand rows never block the page for long; rows already on screen (a new
 * sort of the same hosts) stay without costing a step.
 */
function useProgressiveNames(names: readonly string[]): readonly string[] {
  const [progress, setProgress] = useState(() => ({ names, count: progressivePrefix(names, new Set(), ROWS_PER_STEP) }));
  let { count } = progress;
  if (progress.names !== names) {
    // A new list: keep what is on screen, add at most one step of new rows (state derived during render).
    count = progressivePrefix(names, new Set(progress.names.slice(0, progress.count)), ROWS_PER_STEP);
    setProgress({ names, count });
  }
  useEffect(() => {
    if (count >= names.length) return;
    const frame = requestAnimationFrame(() =>
      setProgress((current) => (current.names === names ? { names, count: current.count + ROWS_PER_STEP } : current)),
    );
    return () => cancelAnimationFrame(frame);
  }, [names, count]);
  return count >= names.length ? names : names.slice(0, count);
}

/** The hosts the filter shows, in its order. Each row follows its own host. */
export function HostTable({ names, sort }: { names: readonly string[]; sort: SortKey }) {
  const stale = useConnectionState() !== "live";
  const shown = useProgressiveNames(names);
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
      <div role="rowgroup" aria-busy={shown !== names || undefined}>
        <RowVisibilityProvider enabled={names.length >= LAZY_ROWS_FROM}>
          {shown.map((name) => (
            <HostRow key={name} name={name} />
          ))}
        </RowVisibilityProvider>
      </div>
    </div>
  );
}
