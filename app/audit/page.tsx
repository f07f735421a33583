import { ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters, auditHref } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { AppShell } from "@/components/layout/app-shell";
import { Button } from "@/components/ui/button";
import { signedInUser } from "@/lib/http/signed-in";
import { getRuntime } from "@/lib/runtime";
import { listAudit } from "@/lib/store/audit";
import { parseAuditFilter } from "@/lib/ui/audit-labels";
import { pageInfo, parsePage } from "@/lib/ui/pagination";

// The runtime exists only when the dashboard's server runs, not during `next build`.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Audit" };

const PAGE_SIZE = 50;

function PagerLink({ href, disabled, children }: { href: string; disabled: boolean; children: React.ReactNode }) {
  if (disabled) {
    return (
      <Button variant="outline" size="xs" disabled>
        {children}
      </Button>
    );
  }
  return (
    <Button variant="outline" size="xs" asChild>
      <Link href={href}>{children}</Link>
    </Button>
  );
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const action = parseAuditFilter(params.action);
  const requested = parsePage(params.page);
  const { store, config, dashboardVersion } = getRuntime();
  let audit = await listAudit(store, requested, PAGE_SIZE, action || undefined);
  const info = pageInfo(requested, PAGE_SIZE, audit.total);
  // A page past the end (the log was pruned, or a hand-made address) shows the last one.
  if (info.page !== requested) audit = await listAudit(store, info.page, PAGE_SIZE, action || undefined);
  return (
    <AppShell version={dashboardVersion} user={await signedInUser()}>
      <div className="flex flex-col gap-4">
        <div className="flex flex-col gap-1.5">
          <h1 className="text-xl font-semibold tracking-tight">Audit log</h1>
          <p className="text-sm text-muted-foreground">
            Logins, commands, bulk runs, token changes and host removals, with who, when and from where. Kept for{" "}
            {config.auditRetentionDays} days.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <AuditFilters active={action} />
          <div className="ml-auto flex items-center gap-2 text-xs text-muted-foreground">
            <span data-audit-range>
              {info.total === 0 ? "No events" : `${info.from}–${info.to} of ${info.total}`}
            </span>
            <PagerLink href={auditHref(action, info.page - 1)} disabled={!info.hasPrevious}>
              <ChevronLeftIcon aria-hidden />
              Newer
            </PagerLink>
            <PagerLink href={auditHref(action, info.page + 1)} disabled={!info.hasNext}>
              Older
              <ChevronRightIcon aria-hidden />
            </PagerLink>
          </div>
        </div>
        <AuditTable events={audit.events} />
      </div>
    </AppShell>
  );
}
