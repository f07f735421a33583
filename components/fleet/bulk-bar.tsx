"use client";

import { useRoleRefusal } from "@/components/auth/signed-in-context";
import { ChevronDownIcon, PlayIcon, XIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { CommandType } from "@/lib/protocol/agent";
import { commandTypeLabel } from "@/lib/ui/command-labels";
import { COMMAND_TYPES } from "@/lib/protocol/constants";
import { useHostNames } from "./fleet-store-context";
import { useSelected, useSelectionStore } from "./selection-context";

/**
 * The selection's actions, floating at the bottom of the screen while hosts are selected:
 * "3 selected", one button per command (Pull, Switch, Pull + Switch, Test, Preview…), and a way to
 * clear the selection.
 */
export function BulkBar({ onRun, onRollOut }: { onRun: (type: CommandType, hosts: readonly string[]) => void; onRollOut: () => void }) {
  const selection = useSelectionStore();
  const selected = useSelected();
  const refusal = useRoleRefusal("operator", "run commands");
  if (selected.size === 0) return null;
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-3 z-40 flex justify-center px-3 sm:bottom-5">
      <div
        role="toolbar"
        aria-label="Bulk actions"
        data-bulk-bar
        className="pointer-events-auto flex max-w-full flex-wrap items-center gap-1.5 rounded-xl border border-border bg-popover/95 p-1.5 pl-3 text-popover-foreground shadow-xl backdrop-blur-md"
      >
        <span className="mr-1 text-sm font-medium tabular-nums" data-selected-count={selected.size}>
          {selected.size} selected
        </span>
        <span className="text-xs text-muted-foreground">Run now:</span>
        {COMMAND_TYPES.map((type) => (
          // A disabled button gets no pointer events: the wrapper carries the tooltip that says why.
          <span key={type} title={refusal ?? undefined} className="inline-flex">
            <Button size="sm" variant={type === "pull-switch" ? "default" : "outline"} disabled={refusal !== null} onClick={() => onRun(type, [...selected])}>
              {commandTypeLabel(type)}
            </Button>
          </span>
        ))}
        <span title={refusal ?? "Staged: a canary first, then waves with gates"} className="inline-flex">
          <Button size="sm" variant="secondary" disabled={refusal !== null} onClick={onRollOut}>
            Roll out…
          </Button>
        </span>
        <Button size="icon" variant="ghost" aria-label="Clear selection" onClick={() => selection.clear()}>
          <XIcon aria-hidden />
        </Button>
      </div>
    </div>
  );
}

/** Pull, Switch, Pull + Switch or Test on every host of the fleet (after a confirmation). */
export function FleetActionsMenu({ onRun }: { onRun: (type: CommandType, hosts: readonly string[]) => void }) {
  const names = useHostNames();
  const refusal = useRoleRefusal("operator", "run commands");
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild title={refusal ?? undefined}>
        <Button variant="outline" size="sm" disabled={names.length === 0 || refusal !== null}>
          <PlayIcon aria-hidden />
          Run on fleet
          <ChevronDownIcon aria-hidden className="opacity-60" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-52">
        <DropdownMenuLabel>All {names.length} hosts</DropdownMenuLabel>
        {COMMAND_TYPES.map((type) => (
          <DropdownMenuItem key={type} onSelect={() => onRun(type, names)}>
            {commandTypeLabel(type)} all hosts
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
