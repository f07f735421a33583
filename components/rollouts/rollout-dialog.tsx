"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import type { RolloutView } from "@/lib/protocol/rollouts";
import { apiPost } from "@/lib/ui/api-client";
import { DEFAULT_ROLLOUT_FORM, rolloutRequestFromForm, type RolloutForm } from "@/lib/ui/rollout-form";
import { RolloutPlanFields, type ScopeOption } from "./rollout-plan-fields";

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
  const scopes: ScopeOption[] = [
    ...(selection.length > 0 ? [{ value: "selection", label: `The selection (${selection.length} hosts)` }] : []),
    { value: "fleet", label: `The whole fleet (${fleetSize} hosts)` },
    ...tags.map((tag) => ({ value: `tag:${tag}`, label: `Tag #${tag}` })),
  ];

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
          <RolloutPlanFields form={form} set={set} scopes={scopes} />
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
