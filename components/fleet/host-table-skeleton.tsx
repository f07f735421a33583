import { Skeleton } from "@/components/ui/skeleton";

/** Placeholder rows until the first snapshot arrives. */
export function HostTableSkeleton({ rows = 4 }: { rows?: number }) {
  return (
    <div aria-busy aria-label="Loading hosts" className="overflow-hidden rounded-xl border border-border bg-card shadow-xs">
      <div className="h-9 border-b border-border bg-muted/40 max-md:hidden" />
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="flex h-12 items-center gap-4 border-b border-border px-4 last:border-b-0">
          <Skeleton className="size-2.5 rounded-full" />
          <Skeleton className="h-3.5 w-32" />
          <Skeleton className="ml-auto h-5 w-16 rounded-full md:ml-8" />
          <Skeleton className="h-3.5 w-20 max-md:hidden" />
          <Skeleton className="h-3.5 w-20 max-md:hidden" />
          <Skeleton className="h-3.5 w-24 max-md:hidden" />
        </div>
      ))}
    </div>
  );
}
