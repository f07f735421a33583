import { Badge, BadgeDot } from "@/components/ui/badge";
import type { CommandState } from "@/lib/protocol/agent";
import { isFinalState } from "@/lib/protocol/constants";
import { commandStateTone, commandStateWords } from "@/lib/ui/command-labels";

const VARIANTS = { info: "info", warning: "warning", success: "success", danger: "danger", muted: "muted" } as const;

/** A command's state as a badge: colour and words ("running", "failed"). */
export function CommandStateBadge({ state, className }: { state: CommandState; className?: string }) {
  return (
    <Badge variant={VARIANTS[commandStateTone(state)]} className={className} data-command-state={state}>
      <BadgeDot pulse={!isFinalState(state)} />
      {commandStateWords(state)}
    </Badge>
  );
}
