"use client";

import { ArrowDownToLineIcon, FlaskConicalIcon, RefreshCwIcon, SquareIcon, WorkflowIcon, type LucideIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { HostView } from "@/lib/protocol/browser";
import { cn } from "@/lib/ui/cn";
import { HOST_ACTIONS, actionAvailability, type HostAction, type HostActionInfo } from "@/lib/ui/host-actions";
import { useFleetClient } from "./fleet-live-provider";

const ICONS: Record<HostAction, LucideIcon> = {
  pull: ArrowDownToLineIcon,
  switch: RefreshCwIcon,
  "pull-switch": WorkflowIcon,
  test: FlaskConicalIcon,
  stop: SquareIcon,
};

function ActionButton({
  host,
  info,
  compact,
  pending,
  onRun,
}: {
  host: HostView;
  info: HostActionInfo;
  compact: boolean;
  pending: boolean;
  onRun: (action: HostAction) => void;
}) {
  const availability = actionAvailability(host, info.action);
  const disabled = !availability.enabled || pending;
  const title = availability.enabled ? info.hint : availability.reason;
  const Icon = ICONS[info.action];
  return (
    // A disabled button gets no pointer events: the wrapper carries the tooltip that says why.
    <span title={title} className={cn("inline-flex", compact && "flex min-w-0 lg:inline-flex")}>
      <Button
        variant="outline"
        size="xs"
        disabled={disabled}
        title={title}
        data-action={info.action}
        onClick={() => onRun(info.action)}
        className={cn(
          info.action === "stop" && availability.enabled && "text-danger-foreground hover:text-danger-foreground",
          compact &&
            "h-auto min-h-11 w-full flex-col gap-0.5 whitespace-normal px-1 py-1.5 text-center text-[0.6875rem] leading-tight lg:size-7 lg:min-h-0 lg:flex-row lg:p-0",
        )}
      >
        <Icon aria-hidden className={cn(info.action === "stop" && availability.enabled && "fill-current")} />
        {/* The words stay the accessible name when only the icon shows. */}
        <span className={cn(compact && "lg:sr-only")}>{info.label}</span>
      </Button>
    </span>
  );
}

/**
 * Pull, Switch, Pull + Switch, Test and Stop for one host, each disabled with the reason when it
 * cannot run. `compact` shows icons only in the desktop table (cards and the host page show words).
 */
export function HostActions({ host, compact = false, className }: { host: HostView; compact?: boolean; className?: string }) {
  const client = useFleetClient();
  const [pending, setPending] = useState<HostAction | null>(null);
  const run = async (action: HostAction) => {
    setPending(action);
    try {
      if (action === "stop") await client.stop(host.name);
      else await client.requestCommand(host.name, action);
    } finally {
      setPending(null);
    }
  };
  return (
    <div
      role="group"
      aria-label={`Actions for ${host.name}`}
      className={cn(compact ? "grid w-full grid-cols-5 gap-1 lg:flex lg:w-auto" : "flex flex-wrap items-center gap-1", className)}
    >
      {HOST_ACTIONS.map((info) => (
        <ActionButton
          key={info.action}
          host={host}
          info={info}
          compact={compact}
          pending={pending !== null}
          onRun={run}
        />
      ))}
    </div>
  );
}
