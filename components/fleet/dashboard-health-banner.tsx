"use client";

import { TriangleAlertIcon } from "lucide-react";
import { dashboardHealthBanner } from "@/lib/ui/health-labels";
import { useDashboardHealth } from "./fleet-store-context";

/** Says, as the dashboard's live connection reports it, that its database takes no writes or its peers are unheard. */
export function DashboardHealthBanner() {
  const text = dashboardHealthBanner(useDashboardHealth());
  if (!text) return null;
  return (
    <p role="alert" className="flex items-start gap-2 rounded-lg border border-danger/40 bg-danger/8 px-3 py-2 text-sm text-danger-foreground">
      <TriangleAlertIcon aria-hidden className="mt-0.5 size-4 shrink-0" />
      {text}
    </p>
  );
}
