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
import { PreviewPanel } from "@/components/commands/preview-panel";
import type { PreviewSummary } from "@/lib/protocol/preview";

/**
 * "Switch web-1?" with what the switch would change, from the host's preview of the system it would
 * switch to. Shown only when such a preview exists: without one there is nothing to review.
 */
export function SwitchConfirmDialog({
  host,
  preview,
  onConfirm,
  onClose,
}: {
  host: string;
  preview: PreviewSummary;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <AlertDialog open onOpenChange={(open) => !open && onClose()}>
      <AlertDialogContent data-switch-confirm className="max-h-[90dvh] overflow-y-auto sm:max-w-2xl">
        <AlertDialogHeader>
          <AlertDialogTitle>Switch {host}?</AlertDialogTitle>
          <AlertDialogDescription>The host&apos;s latest preview shows what this switch changes.</AlertDialogDescription>
        </AlertDialogHeader>
        <PreviewPanel commandId={preview.commandId} />
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction
            onClick={() => {
              onConfirm();
              onClose();
            }}
          >
            Switch
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
