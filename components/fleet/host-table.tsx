"use client";

import { useEffect, useRef, useState, type CSSProperties, type RefObject } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { cn } from "@/lib/ui/cn";
import type { SortKey } from "@/lib/ui/fleet-filter";
import { rowWindow, sameRowWindow, type RowWindow } from "@/lib/ui/row-window";
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

/** From this many rows, only the rows near the viewport are in the document. */
const WINDOWED_FROM = 100;
/** Rows are drawn this far above and below the viewport, so a scroll never uncovers a blank. */
const OVERSCAN_PX = 600;
/** A desktop row (h-12); replaced by the measured height once rows are drawn. */
const ESTIMATED_ROW_HEIGHT = 48;
/** Drawn before the first measurement: more than a screenful of desktop rows. */
const FIRST_ROWS = 40;

/**
 * The rows of a long table that are drawn: those near the viewport of the page's own scroll. The
 * rest are stood in for by the rowgroup's padding, so ten thousand hosts cost a screenful of rows,
 * and a heartbeat to a host off screen costs nothing in the document.
 */
function useRowWindow(body: RefObject<HTMLDivElement | null>, count: number, windowed: boolean): { window: RowWindow; rowHeight: number } {
  const [state, setState] = useState(() => ({ window: { start: 0, end: FIRST_ROWS }, rowHeight: ESTIMATED_ROW_HEIGHT }));
  useEffect(() => {
    const element = body.current;
    if (!windowed || !element) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      // Rows can be cards of another height on narrow screens: measure the ones drawn.
      const rows = element.querySelectorAll<HTMLElement>(":scope > [role=row]");
      let drawnHeight = 0;
      for (const row of rows) drawnHeight += row.offsetHeight;
      const listTop = element.getBoundingClientRect().top + (parseFloat(element.style.paddingTop) || 0);
      setState((current) => {
        const rowHeight = drawnHeight > 0 ? drawnHeight / rows.length : current.rowHeight;
        const next = rowWindow({ count, rowHeight, listTop, viewportHeight: window.innerHeight, overscanPx: OVERSCAN_PX });
        return sameRowWindow(next, current.window) && rowHeight === current.rowHeight ? current : { window: next, rowHeight };
      });
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(update);
    };
    schedule();
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", schedule);
      window.removeEventListener("resize", schedule);
    };
  }, [body, count, windowed]);
  return windowed ? state : { window: { start: 0, end: count }, rowHeight: state.rowHeight };
}

/** The hosts the filter shows, in its order. Each row follows its own host. */
export function HostTable({ names, sort }: { names: readonly string[]; sort: SortKey }) {
  const stale = useConnectionState() !== "live";
  const body = useRef<HTMLDivElement>(null);
  const { window: rows, rowHeight } = useRowWindow(body, names.length, names.length >= WINDOWED_FROM);
  const end = Math.min(rows.end, names.length);
  const start = Math.min(rows.start, end);
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
      <div
        ref={body}
        role="rowgroup"
        style={{ paddingTop: start * rowHeight, paddingBottom: (names.length - end) * rowHeight }}
      >
        {names.slice(start, end).map((name, i) => (
          // The header is row 1.
          <HostRow key={name} name={name} rowIndex={start + i + 2} />
        ))}
      </div>
    </div>
  );
}
