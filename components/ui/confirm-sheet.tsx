"use client";

import { useState, type ReactNode } from "react";
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
import { cn } from "@/lib/ui/cn";

/**
 * The one confirmation sheet (commands, bulk runs, rollbacks, a rollout's abort, token rotation and
 * revocation): a question, who it is about, what it would do (a preview, the hosts that will be
 * skipped, its options), Cancel and the confirm button. The sheet stays open, its buttons disabled,
 * until `onConfirm` settles.
 */
export function ConfirmSheet({
  marker,
  title,
  description,
  confirmLabel,
  destructive = false,
  wide = false,
  onConfirm,
  onClose,
  children,
}: {
  /** The data attribute the sheet is found by (`data-switch-confirm` …). */
  marker?: "switch-confirm" | "bulk-confirm" | "rollback-confirm" | "abort-confirm";
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  /** The confirm button in the danger colour (what it does cannot be undone, as an abort). */
  destructive?: boolean;
  /** Room for a preview panel. */
  wide?: boolean;
  onConfirm: () => void | Promise<unknown>;
  onClose: () => void;
  children?: ReactNode;
}) {
  const [starting, setStarting] = useState(false);
  const confirm = async (event: React.MouseEvent) => {
    event.preventDefault();
    setStarting(true);
    try {
      await onConfirm();
    } finally {
      setStarting(false);
      onClose();
    }
  };
  return (
    <AlertDialog open onOpenChange={(open) => !open && onClose()}>
      <AlertDialogContent {...(marker ? { [`data-${marker}`]: "" } : {})} className={cn(wide && "max-h-[90dvh] overflow-y-auto sm:max-w-2xl")}>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        {children}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={starting}>Cancel</AlertDialogCancel>
          <AlertDialogAction variant={destructive ? "destructive" : "default"} onClick={(event) => void confirm(event)} disabled={starting}>
            {confirmLabel}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
