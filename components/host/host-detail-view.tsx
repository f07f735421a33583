"use client";

import { ArrowLeftIcon } from "lucide-react";
import Link from "next/link";
import type { CSSProperties } from "react";
import { FleetLiveProvider } from "@/components/fleet/fleet-live-provider";
import { useFleetLoaded, useHost } from "@/components/fleet/fleet-store-context";
import { ConnectionIndicator } from "@/components/fleet/connection-indicator";
import { HostActions } from "@/components/fleet/host-actions";
import { HostStatusCell } from "@/components/fleet/host-cells";
import { HostCommandCell } from "@/components/fleet/host-command-cell";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import type { HostTokenState } from "@/lib/protocol/api";
import type { HostView } from "@/lib/protocol/browser";
import { deviceTypeLabel, locationLabel, platformLabel, safeThemeColor } from "@/lib/ui/host-labels";
import { CommandHistory } from "./command-history";
import { HostChecks } from "./host-checks";
import { HostFacts } from "./host-facts";
import { HostGenerations } from "./host-generations";
import { HostPreview } from "./host-preview";
import { RemoveHostButton } from "./remove-host-button";

function BackToFleet() {
  return (
    <Link
      href="/"
      className="inline-flex w-fit items-center gap-1.5 rounded-sm text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
    >
      <ArrowLeftIcon aria-hidden className="size-4" />
      Fleet
    </Link>
  );
}

function HostHeader({ host }: { host: HostView }) {
  const color = safeThemeColor(host.themeColor);
  return (
    <div
      data-host={host.name}
      data-online={host.online}
      className="flex flex-col gap-3"
      style={color ? ({ "--host-color": color } as CSSProperties) : undefined}
    >
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="flex min-w-0 items-center gap-2.5 text-xl font-semibold tracking-tight">
          <span
            aria-hidden
            className="size-3 shrink-0 rounded-full bg-unknown ring-1 ring-black/20 ring-inset dark:ring-white/40"
            style={color ? { backgroundColor: color } : undefined}
          />
          <span className="truncate">{host.name}</span>
        </h1>
        <HostStatusCell online={host.online} lastSeenAt={host.lastSeenAt} />
        <span className="text-sm text-muted-foreground">
          {platformLabel(host.platform)} · {locationLabel(host.location)} · {deviceTypeLabel(host.deviceType)}
        </span>
        <div className="ml-auto">
          <ConnectionIndicator />
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-xl border border-border bg-card px-4 py-3 shadow-xs sm:px-5">
        <HostActions
          name={host.name}
          online={host.online}
          runningCommand={host.runningCommand}
          lastCommand={host.lastCommand}
          lastPreview={host.lastPreview}
          desiredSystem={host.desiredSystem}
        />
        <div className="flex min-w-0 items-center gap-2 text-sm">
          <span className="text-xs text-muted-foreground">Latest:</span>
          <HostCommandCell name={host.name} runningCommand={host.runningCommand} lastCommand={host.lastCommand} />
        </div>
        {!host.online && (
          <div className="ml-auto">
            <RemoveHostButton name={host.name} />
          </div>
        )}
      </div>
    </div>
  );
}

function HostGone({ name }: { name: string }) {
  return (
    <div className="flex flex-col items-start gap-3 rounded-xl border border-dashed border-border bg-card px-6 py-10">
      <h1 className="text-lg font-semibold">{name} is not in the fleet</h1>
      <p className="text-sm text-muted-foreground">It was removed. If its agent connects again, it comes back.</p>
      <Button asChild variant="outline" size="sm">
        <Link href="/">Back to the fleet</Link>
      </Button>
    </div>
  );
}

function HostDetail({ name, token }: { name: string; token: HostTokenState | null }) {
  const loaded = useFleetLoaded();
  const host = useHost(name);
  if (!loaded) {
    return (
      <div className="flex flex-col gap-4" aria-busy aria-label="Loading host">
        <Skeleton className="h-7 w-48" />
        <Skeleton className="h-14 w-full" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  if (!host) return <HostGone name={name} />;
  return (
    <div className="flex flex-col gap-5">
      <HostHeader host={host} />
      <div className="grid items-start gap-5 lg:grid-cols-[minmax(0,1fr)_minmax(20rem,26rem)]">
        <div className="flex min-w-0 flex-col gap-5">
          <HostChecks name={host.name} indicators={host.indicators} />
          <HostPreview host={host} />
          <HostGenerations host={host} />
          <CommandHistory host={host} />
        </div>
        <HostFacts host={host} token={token} />
      </div>
    </div>
  );
}

/** A host's page: live facts, checks, actions and history, over the page's own live connection. */
export function HostDetailView({ name, token }: { name: string; token: HostTokenState | null }) {
  return (
    <FleetLiveProvider>
      <div className="flex flex-col gap-4">
        <BackToFleet />
        <HostDetail name={name} token={token} />
      </div>
    </FleetLiveProvider>
  );
}
