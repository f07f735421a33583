"use client";

import { memo, type CSSProperties, type ReactNode } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import type { HostView } from "@/lib/protocol/browser";
import { cn } from "@/lib/ui/cn";
import { safeThemeColor } from "@/lib/ui/host-labels";
import { useHost } from "./fleet-store-context";
import { HostActions } from "./host-actions";
import {
  HostAgentVersionCell,
  HostDeviceTypeCell,
  HostLocationCell,
  HostNameCell,
  HostPlatformCell,
  HostStatusCell,
} from "./host-cells";
import { columnFrom, ROW_GRID_CLASSES, SHOW_FROM, type ColumnId } from "./host-columns";
import { HostCommandCell } from "./host-command-cell";
import { HostIndicators } from "./host-indicators";
import { useIsSelected, useSelectionStore } from "./selection-context";

function Cell({ id, className, children }: { id: ColumnId; className?: string; children: ReactNode }) {
  return (
    <div role="cell" data-column={id} className={cn("flex min-w-0 items-center", SHOW_FROM[columnFrom(id)], className)}>
      {children}
    </div>
  );
}

function RowCheckbox({ name }: { name: string }) {
  const selection = useSelectionStore();
  const selected = useIsSelected(name);
  return (
    <Checkbox
      checked={selected}
      onChange={(event) => selection.toggle(name, event.currentTarget.checked)}
      aria-label={`Select ${name}`}
    />
  );
}

/**
 * One host: a grid row at desktop width, a card below it. It reads its own host from the store by
 * name, so a patch to this host re-renders this row and no other.
 */
export const HostRow = memo(function HostRow({ name, rowIndex }: { name: string; rowIndex: number }) {
  const host = useHost(name);
  if (!host) return null;
  const color = safeThemeColor(host.themeColor);
  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      data-host={host.name}
      data-online={host.online}
      style={color ? ({ "--host-color": color } as CSSProperties) : undefined}
      className={cn(
        "grid grid-cols-[auto_minmax(0,1fr)_auto] items-center gap-x-3 gap-y-2.5 border-b border-border px-4 py-3 last:border-b-0",
        "lg:h-12 lg:gap-x-3 lg:py-0",
        ROW_GRID_CLASSES,
        "shadow-[inset_3px_0_0_var(--host-color,transparent)] transition-colors hover:bg-muted/40 has-[:checked]:bg-accent/60",
      )}
    >
      <HostCells host={host} />
    </div>
  );
});

function HostCells({ host }: { host: HostView }) {
  return (
    <>
      <Cell id="select">
        <RowCheckbox name={host.name} />
      </Cell>
      <Cell id="name">
        <HostNameCell name={host.name} themeColor={host.themeColor} tags={host.tags} />
      </Cell>
      <Cell id="status" className="justify-end lg:justify-start">
        <HostStatusCell online={host.online} lastSeenAt={host.online ? null : host.lastSeenAt} />
      </Cell>
      <div className="col-span-3 flex flex-wrap items-center gap-x-4 gap-y-2 lg:contents">
        <Cell id="checks">
          <HostIndicators name={host.name} indicators={host.indicators} />
        </Cell>
        <Cell id="command" className="min-w-0 flex-1">
          <HostCommandCell name={host.name} runningCommand={host.runningCommand} lastCommand={host.lastCommand} />
        </Cell>
      </div>
      <div className="col-span-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm lg:contents">
        <Cell id="location" className="flex">
          <HostLocationCell location={host.location} />
        </Cell>
        <Cell id="device" className="flex">
          <HostDeviceTypeCell deviceType={host.deviceType} />
        </Cell>
        <Cell id="platform" className="flex">
          <HostPlatformCell platform={host.platform} osVersion={host.osVersion} nixpkgsVersion={host.nixpkgsVersion} />
        </Cell>
        <Cell id="agent" className="flex">
          <HostAgentVersionCell agentVersion={host.agentVersion} />
        </Cell>
      </div>
      <div className="col-span-3 lg:contents">
        <Cell id="actions" className="lg:justify-end">
          <HostActions
            name={host.name}
            online={host.online}
            runningCommand={host.runningCommand}
            lastCommand={host.lastCommand}
            lastPreview={host.lastPreview}
            desiredSystem={host.desiredSystem}
            compact
          />
        </Cell>
      </div>
    </>
  );
}
