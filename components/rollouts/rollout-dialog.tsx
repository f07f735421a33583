"use client";

import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { RolloutView } from "@/lib/protocol/rollouts";
import { apiPost } from "@/lib/ui/api-client";
import { DEFAULT_ROLLOUT_FORM, rolloutRequestFromForm, type RolloutForm } from "@/lib/ui/rollout-form";

function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className="font-medium">{label}</span>
      {children}
      {hint && <span className="text-xs text-muted-foreground">{hint}</span>}
    </label>
  );
}

function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" className="size-4 accent-primary" checked={checked} onChange={(event) => onChange(event.currentTarget.checked)} />
      {label}
    </label>
  );
}

/**
 * "Roll out…": the plan of a staged rollout over the selection, a tag or the whole fleet. Unlike a
 * bulk run, it starts a canary first and each next wave only once the previous wave's gate passed.
 */
export function RolloutDialog({
  open,
  onClose,
  selection,
  tags,
  fleetSize,
}: {
  open: boolean;
  onClose: () => void;
  selection: readonly string[];
  tags: readonly string[];
  fleetSize: number;
}) {
  const router = useRouter();
  const [form, setForm] = useState<RolloutForm>(() => ({ ...DEFAULT_ROLLOUT_FORM, scope: selection.length > 0 ? "selection" : "fleet" }));
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const set = (changes: Partial<RolloutForm>) => setForm((current) => ({ ...current, ...changes }));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const outcome = rolloutRequestFromForm(form, selection);
    if (!outcome.ok) return setError(outcome.error);
    setStarting(true);
    const result = await apiPost<{ rollout: RolloutView }>("/api/rollouts", outcome.request);
    setStarting(false);
    if (!result.ok) return setError(result.error.message);
    onClose();
    router.push(`/rollouts/${result.value.rollout.id}`);
  };

  return (
    <Dialog open={open} onOpenChange={(next) => !next && onClose()}>
      <DialogContent data-rollout-dialog className="max-w-xl">
        <DialogHeader>
          <DialogTitle>Roll out</DialogTitle>
          <DialogDescription>
            Staged: a canary first, then waves, each only after the previous wave&apos;s gate passed (every host succeeded
            {form.runTests ? " and passed its tests" : ""}). To run a command on hosts right now, use the bulk actions instead.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={(event) => void submit(event)} className="grid gap-3 sm:grid-cols-2">
          <Field label="Hosts">
            <NativeSelect aria-label="Hosts" value={form.scope} onChange={(event) => set({ scope: event.currentTarget.value })}>
              {selection.length > 0 && <option value="selection">The selection ({selection.length} hosts)</option>}
              <option value="fleet">The whole fleet ({fleetSize} hosts)</option>
              {tags.map((tag) => (
                <option key={tag} value={`tag:${tag}`}>
                  Tag #{tag}
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
          {error && (
            <p role="alert" className="text-sm text-danger-foreground sm:col-span-2">
              {error}
            </p>
          )}
          <DialogFooter className="sm:col-span-2">
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={starting}>
              Start rollout
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
