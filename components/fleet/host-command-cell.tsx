"use client";

import { memo, useCallback, useSyncExternalStore } from "react";
import { useOpenOutput } from "@/components/output/output-panel-provider";
import { SpriteIcon, type SpriteIconName } from "@/components/ui/icon-sprite";
import type { HostView } from "@/lib/protocol/browser";
import { cn } from "@/lib/ui/cn";
import { commandProgressText, commandStateTone, commandStateWords, commandTypeWords, type CommandTone } from "@/lib/ui/command-labels";
import { currentActivity, type HostActivity } from "@/lib/ui/host-activity";
import { sharedClock } from "@/lib/ui/shared-clock";

const TONE_TEXT: Record<CommandTone, string> = {
  info: "text-info-foreground",
  warning: "text-warning-foreground",
  // Success is the usual case: only its icon is green, so failures stand out.
  success: "text-muted-foreground [&_svg]:text-success",
  danger: "text-danger-foreground",
  muted: "text-muted-foreground",
};

const TONE_ICON: Record<CommandTone, SpriteIconName> = {
  info: "working",
  warning: "problem",
  success: "ok",
  danger: "problem",
  muted: "ended",
};

const noServerText = () => "";

/** "switch · running 12 s", ticking; only rows with a running command listen to the clock. */
function ActivityText({ activity }: { activity: HostActivity }) {
  const read = useCallback(() => {
    if (activity.state === "running" && activity.since === null) return `${commandTypeWords(activity.type)} · running`;
    const command = { type: activity.type, state: activity.state, exitCode: null, durationMs: null, createdAt: activity.since ?? 0 };
    return commandProgressText(command, sharedClock.now(), { coarse: true });
  }, [activity.type, activity.state, activity.since]);
  const text = useSyncExternalStore(sharedClock.subscribe, read, noServerText);
  return (
    <span className="truncate tabular-nums" suppressHydrationWarning>
      {text}
    </span>
  );
}

const linkClasses =
  "inline-flex min-w-0 max-w-full items-center gap-1.5 rounded-sm text-left text-xs outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50 [&_svg]:size-3.5 [&_svg]:shrink-0";

/**
 * What the host is doing, or how its last command ended; a click opens its output. Says
 * "awaiting reconnect" while the agent is away with a command running.
 */
export const HostCommandCell = memo(function HostCommandCell({
  name,
  runningCommand,
  lastCommand,
}: Pick<HostView, "name" | "runningCommand" | "lastCommand">) {
  const openOutput = useOpenOutput();
  const activity = currentActivity({ runningCommand, lastCommand });
  if (activity) {
    const tone = commandStateTone(activity.state);
    return (
      <button
        type="button"
        data-command={activity.commandId}
        data-command-state={activity.state}
        title="Open the output"
        onClick={() => openOutput(activity.commandId, name)}
        className={cn(linkClasses, "font-medium", TONE_TEXT[tone])}
      >
        <SpriteIcon name={TONE_ICON[tone]} className={cn("size-3.5", tone === "info" && "animate-spin")} />
        <ActivityText activity={activity} />
      </button>
    );
  }
  const last = lastCommand;
  if (!last) return <span className="text-xs text-muted-foreground">No commands yet</span>;
  const tone = commandStateTone(last.state);
  return (
    <button
      type="button"
      data-command={last.id}
      data-command-state={last.state}
      title={`Open the output (${commandTypeWords(last.type)} ${commandStateWords(last.state)})`}
      onClick={() => openOutput(last.id, name)}
      className={cn(linkClasses, TONE_TEXT[tone])}
    >
      <SpriteIcon name={TONE_ICON[tone]} className="size-3.5" />
      <span className="truncate">{commandProgressText(last, 0)}</span>
    </button>
  );
});
