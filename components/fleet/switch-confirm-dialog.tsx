"use client";

import { useState } from "react";
import { ConfirmSheet } from "@/components/ui/confirm-sheet";
import { PreviewPanel } from "@/components/commands/preview-panel";
import { RunTestsOption } from "@/components/commands/run-tests-option";
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
  onConfirm: (options: { runTests: boolean }) => void;
  onClose: () => void;
}) {
  const [runTests, setRunTests] = useState(true);
  return (
    <ConfirmSheet
      marker="switch-confirm"
      wide
      title={`Switch ${host}?`}
      description="The host's latest preview shows what this switch changes."
      confirmLabel="Switch"
      onConfirm={() => onConfirm({ runTests })}
      onClose={onClose}
    >
      <PreviewPanel commandId={preview.commandId} />
      <RunTestsOption checked={runTests} onChange={setRunTests} />
    </ConfirmSheet>
  );
}
