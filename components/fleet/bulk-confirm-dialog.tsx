"use client";

import { useState } from "react";
import { ConfirmSheet } from "@/components/ui/confirm-sheet";
import { RunTestsOption } from "@/components/commands/run-tests-option";
import type { CommandType } from "@/lib/protocol/agent";
import { takesRunTests } from "@/lib/protocol/constants";
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
  // Mounted per intent: each starts with the sheet's defaults.
  return intent ? <BulkConfirmSheet intent={intent} onClose={onClose} /> : null;
}

function BulkConfirmSheet({ intent, onClose }: { intent: BulkIntent; onClose: () => void }) {
  const client = useFleetClient();
  const [runTests, setRunTests] = useState(true);
  const hosts = intent.hosts.map((name) => client.store.getHost(name)).filter((host) => host !== undefined);
  const offline = hosts.filter((host) => !host.online).length;
  const busy = hosts.filter((host) => host.online && isBusy(host)).length;
  return (
    <ConfirmSheet
      marker="bulk-confirm"
      title={bulkConfirmTitle(intent.type, intent.hosts.length)}
      description={`${intent.scope === "fleet" ? "Every host of the fleet: " : ""}${listNames(intent.hosts)}.`}
      confirmLabel={bulkConfirmLabel(intent.type)}
      onConfirm={() => client.requestBulk(intent.hosts, intent.type, takesRunTests(intent.type) ? { runTests } : {})}
      onClose={onClose}
    >
      {(offline > 0 || busy > 0) && (
        <ul className="list-disc space-y-1 pl-5 text-sm text-muted-foreground">
          {offline > 0 && <li>{offline === 1 ? "1 host is" : `${offline} hosts are`} offline and will be skipped.</li>}
          {busy > 0 && <li>{busy === 1 ? "1 host is" : `${busy} hosts are`} busy and will be skipped.</li>}
        </ul>
      )}
      {intent.type === "switch" && <BulkPreviewSummary hosts={hosts} />}
      {takesRunTests(intent.type) && <RunTestsOption checked={runTests} onChange={setRunTests} />}
    </ConfirmSheet>
  );
}
