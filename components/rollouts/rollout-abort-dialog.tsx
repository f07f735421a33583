"use client";

import { ConfirmSheet } from "@/components/ui/confirm-sheet";
import type { RolloutState } from "@/lib/protocol/rollouts";
import { abortConsequences } from "@/lib/ui/rollout-labels";

/** "Abort this rollout?" with what it stops: an abort cancels running commands, so it asks first (as Switch does). */
export function RolloutAbortDialog({ state, onConfirm, onClose }: { state: Pick<RolloutState, "hosts">; onConfirm: () => Promise<unknown>; onClose: () => void }) {
  return (
    <ConfirmSheet
      marker="abort-confirm"
      title="Abort this rollout?"
      description={abortConsequences(state)}
      confirmLabel="Abort rollout"
      destructive
      onConfirm={onConfirm}
      onClose={onClose}
    />
  );
}
