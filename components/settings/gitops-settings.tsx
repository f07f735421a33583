"use client";

import { useState } from "react";
import { Check, RolloutPlanFields, type ScopeOption } from "@/components/rollouts/rollout-plan-fields";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { GitopsSettingsInput, GitopsSettingsView } from "@/lib/protocol/gitops";
import { apiPut } from "@/lib/ui/api-client";
import { rolloutFormFromPlan, rolloutRequestFromForm, type RolloutForm } from "@/lib/ui/rollout-form";

/**
 * The GitOps policy: on or off, and the plan of the rollout it starts when the fleet target moves,
 * with the same fields as the "Roll out…" sheet. Read-only when NIXFLEET_GITOPS_ROLLOUT sets it.
 */
export function GitopsSettings({ initial, tags }: { initial: GitopsSettingsView; tags: readonly string[] }) {
  const [view, setView] = useState(initial);
  const [enabled, setEnabled] = useState(initial.enabled);
  const [form, setForm] = useState<RolloutForm>(() => rolloutFormFromPlan(initial.scope, initial.plan));
  const [notice, setNotice] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (changes: Partial<RolloutForm>) => setForm((current) => ({ ...current, ...changes }));
  const locked = view.source === "env";
  const savedTag = view.scope.kind === "tag" ? view.scope.tag : null;
  const scopes: ScopeOption[] = [
    { value: "fleet", label: "The whole fleet" },
    ...[...new Set([...tags, ...(savedTag ? [savedTag] : [])])].sort().map((tag) => ({ value: `tag:${tag}`, label: `Tag #${tag}` })),
  ];

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const outcome = rolloutRequestFromForm(form, []);
    if (!outcome.ok) return setNotice({ tone: "error", text: outcome.error });
    setSaving(true);
    setNotice(null);
    // Fields the form does not show (the canary's own threshold) keep their saved value.
    const body: GitopsSettingsInput = { enabled, scope: outcome.request.scope, plan: { ...view.plan, ...outcome.request.plan } };
    const result = await apiPut<GitopsSettingsView>("/api/settings/gitops", body);
    setSaving(false);
    if (!result.ok) return setNotice({ tone: "error", text: `Could not save the policy: ${result.error.message}` });
    setView(result.value);
    setNotice({ tone: "ok", text: result.value.enabled ? "Saved: the next fleet target is rolled out with this plan." : "Saved: the policy is off." });
  };

  return (
    <section className="flex flex-col gap-4" aria-labelledby="gitops-heading" data-gitops-settings data-enabled={view.enabled} data-source={view.source}>
      <div className="flex flex-col gap-1.5">
        <h2 id="gitops-heading" className="text-lg font-semibold tracking-tight">
          GitOps rollouts
        </h2>
        <p className="max-w-3xl text-sm text-muted-foreground">
          When the fleet target moves to a new commit, start a rollout of it with this plan: staged and gated like one started by
          hand, named <code>gitops</code> in the rollouts and the audit log. A commit already rolled out is not rolled out again.
        </p>
      </div>
      {locked && (
        <p className="rounded-lg border border-border bg-muted px-3 py-2 text-sm" data-gitops-locked>
          Set by <code>NIXFLEET_GITOPS_ROLLOUT</code> on this dashboard ({view.enabled ? "on" : "off"}): shown here read-only. Unset it to
          manage the policy here.
        </p>
      )}
      {notice && (
        <p role={notice.tone === "error" ? "alert" : "status"} className={notice.tone === "error" ? "rounded-lg border border-danger/40 bg-danger/8 px-3 py-2 text-sm text-danger-foreground" : "text-sm text-muted-foreground"}>
          {notice.text}
        </p>
      )}
      <form onSubmit={(event) => void save(event)} className="rounded-xl border border-border bg-card p-4 shadow-xs sm:p-5">
        <fieldset disabled={locked || saving} className="grid gap-3 sm:grid-cols-2">
          <legend className="sr-only">GitOps policy</legend>
          <div className="sm:col-span-2">
            <Check label="Roll out each new fleet target automatically" checked={enabled} onChange={setEnabled} />
          </div>
          <RolloutPlanFields form={form} set={set} scopes={scopes} />
          <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
            {!locked && (
              <Button type="submit" disabled={saving}>
                Save policy
              </Button>
            )}
            <span className="text-xs text-muted-foreground" data-gitops-saved>
              {view.updatedBy !== null && view.updatedAt !== null ? (
                <>
                  Saved by {view.updatedBy} <RelativeTime timestamp={view.updatedAt} />
                </>
              ) : view.source === "default" ? (
                "Never saved: off."
              ) : null}
            </span>
          </div>
        </fieldset>
      </form>
    </section>
  );
}
