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
import { LocalTime } from "@/components/ui/local-time";
import type { Generation } from "@/lib/protocol/generations";

/** "Roll back web-1 to generation 3?" with the system that generation holds. */
export function RollbackConfirmDialog({
  host,
  generation,
  onConfirm,
  onClose,
}: {
  host: string;
  generation: Generation;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <AlertDialog open onOpenChange={(open) => !open && onClose()}>
      <AlertDialogContent data-rollback-confirm>
        <AlertDialogHeader>
          <AlertDialogTitle>
            Roll back {host} to generation {generation.number}?
          </AlertDialogTitle>
          <AlertDialogDescription>
            The host switches to the system of generation {generation.number}, built <LocalTime timestamp={generation.createdAt * 1000} />:
          </AlertDialogDescription>
        </AlertDialogHeader>
        <p className="break-all rounded-md bg-muted px-3 py-2 font-mono text-xs">{generation.storePath}</p>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction
            onClick={() => {
              onConfirm();
              onClose();
            }}
          >
            Roll back
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
