"use client";

import type { ReactNode } from "react";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { RolloutForm } from "@/lib/ui/rollout-form";

/** A choice of the "Hosts" field: its form value ("selection", "fleet", "tag:<name>") and its words. */
export interface ScopeOption {
  value: string;
  label: string;
}

function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className="font-medium">{label}</span>
      {children}
      {hint && <span className="text-xs text-muted-foreground">{hint}</span>}
    </label>
  );
}

export function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" className="size-4 accent-primary" checked={checked} onChange={(event) => onChange(event.currentTarget.checked)} />
      {label}
    </label>
  );
}

/**
 * The fields of a rollout plan, for the "Roll out…" sheet and the GitOps policy's saved plan: the
 * hosts, the action, the canary and waves, the limits, the gates and what happens to failed and
 * offline hosts. Laid out on a two-column grid the caller provides.
 */
export function RolloutPlanFields({ form, set, scopes }: { form: RolloutForm; set: (changes: Partial<RolloutForm>) => void; scopes: readonly ScopeOption[] }) {
  return (
    <>
      <Field label="Hosts">
        <NativeSelect aria-label="Hosts" value={form.scope} onChange={(event) => set({ scope: event.currentTarget.value })}>
          {scopes.map((scope) => (
            <option key={scope.value} value={scope.value}>
              {scope.label}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Action">
        <NativeSelect aria-label="Action" value={form.action} onChange={(event) => set({ action: event.currentTarget.value as RolloutForm["action"] })}>
          <option value="pull-switch">Pull + Switch</option>
          <option value="switch">Switch</option>
          <option value="test">Test</option>
        </NativeSelect>
      </Field>
      <Field label="Canary" hint="a number of hosts, or host names separated by commas">
        <Input aria-label="Canary" value={form.canary} onChange={(event) => set({ canary: event.currentTarget.value })} />
      </Field>
      <Field label="Then waves of">
        <div className="flex gap-2">
          <Input aria-label="Wave size" inputMode="numeric" value={form.waveSize} onChange={(event) => set({ waveSize: event.currentTarget.value })} />
          <NativeSelect aria-label="Wave size unit" value={form.wavesBy} onChange={(event) => set({ wavesBy: event.currentTarget.value as RolloutForm["wavesBy"] })}>
            <option value="percent">%</option>
            <option value="count">hosts</option>
          </NativeSelect>
        </div>
      </Field>
      <Field label="At most at once" hint="empty: the whole wave">
        <Input aria-label="At most at once" inputMode="numeric" value={form.maxParallel} onChange={(event) => set({ maxParallel: event.currentTarget.value })} />
      </Field>
      <Field label="Soak after each gate (seconds)">
        <Input aria-label="Soak seconds" inputMode="numeric" value={form.soakSeconds} onChange={(event) => set({ soakSeconds: event.currentTarget.value })} />
      </Field>
      <Field label="Stop when more than this % of a wave fails" hint="the canary stops at any failure">
        <Input aria-label="Failure threshold" inputMode="numeric" value={form.failurePercent} onChange={(event) => set({ failurePercent: event.currentTarget.value })} />
      </Field>
      <Field label="Failed hosts">
        <NativeSelect aria-label="Failed hosts" value={form.failedHosts} onChange={(event) => set({ failedHosts: event.currentTarget.value as RolloutForm["failedHosts"] })}>
          <option value="roll-back">Roll back (when the agents can)</option>
          <option value="leave">Leave as they are</option>
        </NativeSelect>
      </Field>
      <Field label="Offline hosts">
        <NativeSelect aria-label="Offline hosts" value={form.offlineHosts} onChange={(event) => set({ offlineHosts: event.currentTarget.value as RolloutForm["offlineHosts"] })}>
          <option value="skip">Skip them</option>
          <option value="wait">Wait for them</option>
        </NativeSelect>
      </Field>
      {form.offlineHosts === "wait" && (
        <Field label="Wait at most (seconds)">
          <Input aria-label="Offline wait seconds" inputMode="numeric" value={form.offlineWaitSeconds} onChange={(event) => set({ offlineWaitSeconds: event.currentTarget.value })} />
        </Field>
      )}
      <div className="flex flex-col gap-2 sm:col-span-2">
        <Check label="Run the hosts' tests after the switch" checked={form.runTests} onChange={(runTests) => set({ runTests })} />
        <Check label="Wait for my approval between waves" checked={form.manualApproval} onChange={(manualApproval) => set({ manualApproval })} />
      </div>
    </>
  );
}
