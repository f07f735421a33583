"use client";

import { memo, useState } from "react";
import { buttonVariants } from "@/components/ui/button";
import { SpriteIcon } from "@/components/ui/icon-sprite";
import type { HostView } from "@/lib/protocol/browser";
import { cn } from "@/lib/ui/cn";
import { HOST_ACTIONS, actionAvailability, type HostAction, type HostActionInfo } from "@/lib/ui/host-actions";
import { useRoleRefusal } from "@/components/auth/signed-in-context";
import type { PreviewSummary } from "@/lib/protocol/preview";
import { currentPreview } from "@/lib/ui/preview-state";
import type { CommandOptions } from "./fleet-client";
import { useFleetClient } from "./fleet-client-context";
import { SwitchConfirmDialog } from "./switch-confirm-dialog";

type ActionHost = Pick<HostView, "name" | "online" | "runningCommand" | "lastCommand" | "lastPreview" | "desiredSystem">;

const COMPACT =
  "h-auto min-h-11 w-full flex-col gap-0.5 whitespace-normal px-1 py-1.5 text-center text-[0.6875rem] leading-tight lg:size-7 lg:min-h-0 lg:flex-row lg:p-0";
const STOP_ARMED = "text-danger-foreground hover:text-danger-foreground";

/** Class names are worked out once per kind of button, not once per button of a thousand rows. */
const classCache = new Map<string, string>();
function actionClasses(compact: boolean, armedStop: boolean): string {
  const key = `${compact}:${armedStop}`;
  let classes = classCache.get(key);
  if (!classes) {
    classes = cn(buttonVariants({ variant: "outline", size: "xs" }), armedStop && STOP_ARMED, compact && COMPACT);
    classCache.set(key, classes);
  }
  return classes;
}

function ActionButton({
  host,
  info,
  compact,
  pending,
  onRun,
}: {
  host: ActionHost;
  info: HostActionInfo;
  compact: boolean;
  pending: boolean;
  onRun: (action: HostAction) => void;
}) {
  // The role comes first: a viewer's buttons say why they never work, whatever the host's state.
  const refusal = useRoleRefusal("operator", info.action === "stop" ? "stop commands" : "run commands");
  const availability = refusal === null ? actionAvailability(host, info.action) : { enabled: false, reason: refusal };
  const title = availability.enabled ? info.hint : availability.reason;
  const armedStop = info.action === "stop" && availability.enabled;
  return (
    // A disabled button gets no pointer events: the wrapper carries the tooltip that says why.
    <span title={title} className={compact ? "flex min-w-0 lg:inline-flex" : "inline-flex"}>
      <button
        type="button"
        disabled={!availability.enabled || pending}
        title={title}
        data-action={info.action}
        onClick={() => onRun(info.action)}
        className={actionClasses(compact, armedStop)}
      >
        <SpriteIcon name={armedStop ? "stop-filled" : info.action} />
        {/* The words stay the accessible name when only the icon shows. */}
        <span className={compact ? "lg:sr-only" : undefined}>{info.label}</span>
      </button>
    </span>
  );
}

/**
 * Pull, Switch, Pull + Switch, Test, Preview and Stop for one host, each disabled with the reason when it
 * cannot run. `compact` shows icons only in the desktop table (cards and the host page show words).
 */
export const HostActions = memo(function HostActions({
  compact = false,
  className,
  ...host
}: ActionHost & { compact?: boolean; className?: string }) {
  const client = useFleetClient();
  const [pending, setPending] = useState<HostAction | null>(null);
  const [reviewing, setReviewing] = useState<PreviewSummary | null>(null);
  const start = async (action: HostAction, options: CommandOptions = {}) => {
    setPending(action);
    try {
      if (action === "stop") await client.stop(host.name);
      else await client.requestCommand(host.name, action, options);
    } finally {
      setPending(null);
    }
  };
  // A switch to a system the host has a preview of is confirmed with that preview in view.
  const run = (action: HostAction) => {
    const preview = action === "switch" ? currentPreview(host) : null;
    if (preview) setReviewing(preview);
    else void start(action);
  };
  return (
    <div
      role="group"
      aria-label={`Actions for ${host.name}`}
      className={cn(compact ? "grid w-full grid-cols-6 gap-1 lg:flex lg:w-auto" : "flex flex-wrap items-center gap-1", className)}
    >
      {HOST_ACTIONS.map((info) => (
        <ActionButton key={info.action} host={host} info={info} compact={compact} pending={pending !== null} onRun={run} />
      ))}
      {reviewing && (
        <SwitchConfirmDialog host={host.name} preview={reviewing} onConfirm={(options) => void start("switch", options)} onClose={() => setReviewing(null)} />
      )}
    </div>
  );
});
