import { RelativeTime } from "@/components/ui/relative-time";
import type { DataColumn } from "@/components/ui/data-table";

/** Host tokens and API tokens are listed alike: who, what it may do, when made, when last used, actions. */
export function tokenColumns(who: string, what: string): DataColumn[] {
  return [
    { label: who },
    { label: what },
    { label: "Created", wideOnly: true },
    { label: "Last used", wideOnly: true },
    { label: "Actions", srOnly: true, align: "right" },
  ];
}

export function When({ at, never = "–" }: { at: number | null; never?: string }) {
  return at === null ? <span className="text-muted-foreground">{never}</span> : <RelativeTime timestamp={at} />;
}
