import Link from "next/link";
import { AUDIT_FILTERS } from "@/lib/ui/audit-labels";
import { cn } from "@/lib/ui/cn";

export function auditHref(action: string, page: number): string {
  const params = new URLSearchParams();
  if (action) params.set("action", action);
  if (page > 0) params.set("page", String(page));
  const query = params.toString();
  return query ? `/audit?${query}` : "/audit";
}

/** All, Logins, Commands, Bulk runs, Tokens, Hosts: links, so the filter lives in the address. */
export function AuditFilters({ active }: { active: string }) {
  return (
    <nav aria-label="Filter by action" className="flex max-w-full overflow-x-auto rounded-lg border border-border bg-muted/50 p-0.5">
      {AUDIT_FILTERS.map((filter) => {
        const current = filter.prefix === active;
        return (
          <Link
            key={filter.label}
            href={auditHref(filter.prefix, 0)}
            aria-current={current ? "page" : undefined}
            className={cn(
              "inline-flex h-7 shrink-0 items-center whitespace-nowrap rounded-md px-2.5 text-xs font-medium text-muted-foreground outline-none transition-colors hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
              current && "bg-background text-foreground shadow-xs dark:bg-accent",
            )}
          >
            {filter.label}
          </Link>
        );
      })}
    </nav>
  );
}
