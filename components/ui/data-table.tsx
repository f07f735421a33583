import type { ReactNode } from "react";
import { cn } from "@/lib/ui/cn";

export interface DataColumn {
  label: string;
  /** Read by screen readers only (an actions column). */
  srOnly?: boolean;
  align?: "left" | "right";
  /** Hidden on narrow screens, where the row keeps what matters. */
  wideOnly?: boolean;
}

/**
 * The dashboard's tables: a bordered card that scrolls sideways on a phone, a muted header, and one
 * full-width row saying so when there is nothing to list.
 */
export function DataTable({
  caption,
  columns,
  isEmpty,
  empty,
  className,
  tableClassName,
  children,
}: {
  caption: string;
  columns: readonly (string | DataColumn)[];
  isEmpty: boolean;
  empty: ReactNode;
  className?: string;
  tableClassName?: string;
  children: ReactNode;
}) {
  return (
    <div className={cn("overflow-x-auto rounded-xl border border-border bg-card shadow-xs", className)}>
      <table className={cn("w-full text-sm", tableClassName)}>
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-border bg-muted/40 text-xs text-muted-foreground">
          <tr>
            {columns.map((column) => {
              const { label, srOnly, align, wideOnly } = typeof column === "string" ? { label: column } : column;
              return (
                <th
                  key={label}
                  scope="col"
                  className={cn(
                    "px-3 py-2 font-medium first:pl-4 last:pr-4 sm:first:pl-5 sm:last:pr-5",
                    align === "right" ? "text-right" : "text-left",
                    wideOnly && "max-md:hidden",
                  )}
                >
                  {srOnly ? <span className="sr-only">{label}</span> : label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {isEmpty ? (
            <tr>
              <td colSpan={columns.length} className="px-5 py-6 text-center text-sm text-muted-foreground">
                {empty}
              </td>
            </tr>
          ) : (
            children
          )}
        </tbody>
      </table>
    </div>
  );
}
