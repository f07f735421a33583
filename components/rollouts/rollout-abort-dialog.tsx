"use client";

import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import type { RolloutState } from "@/lib/protocol/rollouts";
import { abortConsequences } from "@/lib/ui/rollout-labels";

/** "Abort this rollout?" with what it stops: an abort cancels running commands, so it asks first (as Switch does). */
export function RolloutAbortDialog({ state, onConfirm, onClose }: { state: Pick<RolloutState, "hosts">; onConfirm: () => void; onClose: () => void }) {
  return (
    <AlertDialog open onOpenChange={(open) => !open && onClose()}>
      <AlertDialogContent data-abort-confirm>
        <AlertDialogHeader>
          <AlertDialogTitle>Abort this rollout?</AlertDialogTitle>
          <AlertDialogDescription>{abortConsequences(state)}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Keep it running</AlertDialogCancel>
          <AlertDialogAction
            variant="destructive"
            onClick={() => {
              onConfirm();
              onClose();
            }}
          >
            Abort rollout
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
