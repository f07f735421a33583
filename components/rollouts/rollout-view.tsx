"use client";

import Link from "next/link";
import { useRoleRefusal } from "@/components/auth/signed-in-context";
import { useCallback, useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RolloutAbortDialog } from "./rollout-abort-dialog";
import type { RolloutControl, RolloutHost, RolloutView as Rollout, RolloutWave } from "@/lib/protocol/rollouts";
import { apiGet, apiPost } from "@/lib/ui/api-client";
import {
  formatElapsed,
  gateLabel,
  hostStepLabel,
  isRolloutOver,
  rolloutControls,
  rolloutStatusLabel,
  CHIP_LIMIT,
  stepCounts,
  waveChips,
  waveName,
} from "@/lib/ui/rollout-labels";
import { commandTypeLabel } from "@/lib/ui/command-labels";

/** How often the page asks for the rollout while it runs. */
const REFRESH_MS = 1_000;

const CONTROL_LABELS: Record<RolloutControl, string> = {
  pause: "Pause",
  resume: "Resume",
  abort: "Abort",
  "retry-failed": "Retry failed",
  approve: "Continue",
};

/** A host's chip: its name and step in words; it opens the output of the host's latest command of the rollout. */
function HostChip({ host }: { host: RolloutHost }) {
  const { label, tone } = hostStepLabel(host.step);
  const command = host.commandIds.at(-1);
  const title = `${host.name}: ${label}${host.reason ? ` (${host.reason})` : ""}`;
  const className = "inline-flex max-w-[11rem] items-center gap-1 truncate";
  return (
    <li data-host={host.name} data-step={host.step}>
      <Badge variant={tone} className={className} title={title}>
        {command ? (
          <a href={`/api/commands/${command}/output`} className="truncate hover:underline" aria-label={`${title}: output`}>
            {host.name}
          </a>
        ) : (
          <Link href={`/hosts/${encodeURIComponent(host.name)}`} className="truncate hover:underline" aria-label={title}>
            {host.name}
          </Link>
        )}
        <span className="sr-only">{label}</span>
      </Badge>
    </li>
  );
}

function WaveRow({ wave, hosts, name, current }: { wave: RolloutWave; hosts: RolloutHost[]; name: string; current: boolean }) {
  const [expanded, setExpanded] = useState(false);
  const gateTone = wave.gate === "passed" ? "success" : wave.gate === "failed" ? "danger" : wave.gate === "pending" ? "muted" : "warning";
  const { ordered, shown, hidden } = waveChips(hosts, expanded);
  const chipsId = `wave-${wave.index}-hosts`;
  return (
    <section
      aria-label={name}
      data-wave={wave.index}
      data-gate={wave.gate}
      className={`flex flex-col gap-2 rounded-lg border p-3 ${current ? "border-primary/50 bg-accent/30" : "border-border"}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-sm font-semibold">{name}</h2>
        <span className="text-xs text-muted-foreground">{hosts.length} hosts</span>
        <Badge variant={gateTone}>{gateLabel(wave.gate)}</Badge>
        <ul className="flex flex-wrap gap-1.5 text-xs sm:ml-auto" aria-label={`${name}: hosts by state`} data-wave-counts>
          {stepCounts(ordered).map((count) => (
            <li key={count.label}>
              <Badge variant={count.tone}>
                {count.count} {count.label}
              </Badge>
            </li>
          ))}
        </ul>
      </div>
      {shown.length > 0 && (
        <ul id={chipsId} className="flex flex-wrap gap-1" aria-label={`${name} hosts`}>
          {shown.map((host) => (
            <HostChip key={host.name} host={host} />
          ))}
        </ul>
      )}
      {(hidden > 0 || expanded) && hosts.length > CHIP_LIMIT && (
        <Button size="sm" variant="ghost" className="self-start" aria-expanded={expanded} aria-controls={chipsId} onClick={() => setExpanded(!expanded)}>
          {expanded ? "Show fewer hosts" : shown.length === 0 ? `Show the ${hidden} hosts` : `Show ${hidden} more hosts`}
        </Button>
      )}
    </section>
  );
}

function useRollout(id: string, initial: Rollout) {
  const [rollout, setRollout] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const over = isRolloutOver(rollout.state.status);
  useEffect(() => {
    if (over) return;
    const timer = setInterval(async () => {
      const result = await apiGet<{ rollout: Rollout }>(`/api/rollouts/${id}`);
      if (result.ok) setRollout(result.value.rollout);
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [id, over]);
  const control = useCallback(
    async (control: RolloutControl) => {
      setError(null);
      const result = await apiPost<{ rollout: Rollout }>(`/api/rollouts/${id}`, { control });
      if (result.ok) setRollout(result.value.rollout);
      else setError(result.error.message);
    },
    [id],
  );
  return { rollout, error, control };
}

function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

/** The live page of one rollout: its waves as rows of host chips, each gate, the elapsed time and the controls. */
export function RolloutView({ initial }: { initial: Rollout }) {
  const { rollout, error, control } = useRollout(initial.id, initial);
  const refusal = useRoleRefusal("operator", "control rollouts");
  const { state, plan } = rollout;
  const status = rolloutStatusLabel(state.status);
  const over = isRolloutOver(state.status);
  const now = useNow(!over);
  const hasCanary = !("count" in plan.canary) || plan.canary.count > 0;
  const [confirmingAbort, setConfirmingAbort] = useState(false);
  const byWave = state.waves.map((wave) => state.hosts.filter((host) => host.wave === wave.index));
  return (
    <div className="flex flex-col gap-4" data-rollout={rollout.id} data-status={state.status}>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex flex-col gap-1">
          <h1 className="text-xl font-semibold tracking-tight">
            Rollout: {commandTypeLabel(plan.action)} on {state.hosts.length} hosts
          </h1>
          <p className="text-sm text-muted-foreground">
            {plan.targetCommit ? <>to <code>{plan.targetCommit.slice(0, 12)}</code> · </> : null}
            by {rollout.requestedBy} · {formatElapsed((rollout.finishedAt ?? now) - rollout.createdAt)}
            {state.soakUntil !== null && state.status === "soaking" ? ` · soak ends in ${formatElapsed(state.soakUntil - now)}` : null}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Badge variant={status.tone} data-rollout-status>
            {status.label}
          </Badge>
          {rolloutControls(state).map((name) => (
            <span key={name} title={refusal ?? undefined} className="inline-flex">
              <Button size="sm" variant={name === "abort" ? "destructive" : name === "approve" ? "default" : "outline"} disabled={refusal !== null} onClick={() => (name === "abort" ? setConfirmingAbort(true) : void control(name))}>
                {CONTROL_LABELS[name]}
              </Button>
            </span>
          ))}
        </div>
      </div>
      {confirmingAbort && <RolloutAbortDialog state={state} onConfirm={() => control("abort")} onClose={() => setConfirmingAbort(false)} />}
      {state.reason && <p className="text-sm text-muted-foreground" data-rollout-reason>{state.reason}</p>}
      {error && (
        <p role="alert" className="text-sm text-danger-foreground">
          {error}
        </p>
      )}
      <div className="flex flex-col gap-2">
        {state.waves.map((wave, index) => (
          <WaveRow key={wave.index} wave={wave} hosts={byWave[index]!} name={waveName(index, hasCanary)} current={!over && index === state.wave} />
        ))}
      </div>
    </div>
  );
}
