"use client";

import { ConfirmSheet } from "@/components/ui/confirm-sheet";
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
    <ConfirmSheet
      marker="rollback-confirm"
      title={`Roll back ${host} to generation ${generation.number}?`}
      description={
        <>
          The host switches to the system of generation {generation.number}, built <LocalTime timestamp={generation.createdAt * 1000} />:
        </>
      }
      confirmLabel="Roll back"
      onConfirm={onConfirm}
      onClose={onClose}
    >
      <p className="break-all rounded-md bg-muted px-3 py-2 font-mono text-xs">{generation.storePath}</p>
    </ConfirmSheet>
  );
}
