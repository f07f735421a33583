"use client";

import { Checkbox } from "@/components/ui/checkbox";

/**
 * In a switch's confirmation: whether the agent runs the host's tests (hosts/<host>/tests/T*.sh)
 * after the switch, its health gate. Checked by default, as the agent's own default.
 */
export function RunTestsOption({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <Checkbox checked={checked} onChange={(event) => onChange(event.currentTarget.checked)} data-run-tests className="mt-0.5" />
      <span>
        Run the host&apos;s tests after the switch
        <span className="block text-xs text-muted-foreground">A failing test fails the switch (hosts without tests skip this).</span>
      </span>
    </label>
  );
}
