"use client";

import { useState } from "react";
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
import type { CommandType } from "@/lib/protocol/agent";
import { bulkConfirmLabel, bulkConfirmTitle } from "@/lib/ui/bulk-labels";
import { isBusy } from "@/lib/ui/host-activity";
import { BulkPreviewSummary } from "./bulk-preview-summary";
import { useFleetClient } from "./fleet-client-context";

export interface BulkIntent {
  type: CommandType;
  hosts: readonly string[];
  /** "the selection" or "the whole fleet", for the dialog's words. */
  scope: "selection" | "fleet";
}

function listNames(names: readonly string[], max = 6): string {
  if (names.length <= max) return names.join(", ");
  return `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

/** "Run switch on 3 hosts?" with who they are and who will be skipped; the confirm button is "Run switch". */
export function BulkConfirmDialog({ intent, onClose }: { intent: BulkIntent | null; onClose: () => void }) {
  const client = useFleetClient();
  const [starting, setStarting] = useState(false);
  if (!intent) return null;
  const hosts = intent.hosts.map((name) => client.store.getHost(name)).filter((host) => host !== undefined);
  const offline = hosts.filter((host) => !host.online).length;
  const busy = hosts.filter((host) => host.online && isBusy(host)).length;

  const confirm = async (event: Event | React.MouseEvent) => {
    event.preventDefault();
    setStarting(true);
    await client.requestBulk(intent.hosts, intent.type);
    setStarting(false);
    onClose();
  };

  return (
    <AlertDialog open onOpenChange={(open) => !open && onClose()}>
      <AlertDialogContent data-bulk-confirm>
        <AlertDialogHeader>
          <AlertDialogTitle>{bulkConfirmTitle(intent.type, intent.hosts.length)}</AlertDialogTitle>
          <AlertDialogDescription>
            {intent.scope === "fleet" ? "Every host of the fleet: " : ""}
            {listNames(intent.hosts)}.
          </AlertDialogDescription>
        </AlertDialogHeader>
        {(offline > 0 || busy > 0) && (
          <ul className="list-disc space-y-1 pl-5 text-sm text-muted-foreground">
            {offline > 0 && <li>{offline === 1 ? "1 host is" : `${offline} hosts are`} offline and will be skipped.</li>}
            {busy > 0 && <li>{busy === 1 ? "1 host is" : `${busy} hosts are`} busy and will be skipped.</li>}
          </ul>
        )}
        {intent.type === "switch" && <BulkPreviewSummary hosts={hosts} />}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={starting}>Cancel</AlertDialogCancel>
          <AlertDialogAction onClick={confirm} disabled={starting}>
            {bulkConfirmLabel(intent.type)}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
