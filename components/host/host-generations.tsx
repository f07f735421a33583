"use client";

import { RotateCcwIcon } from "lucide-react";
import { useEffect, useState } from "react";
import { useFleetClient } from "@/components/fleet/fleet-client-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import type { GenerationList } from "@/lib/protocol/api";
import type { HostView } from "@/lib/protocol/browser";
import type { Generation } from "@/lib/protocol/generations";
import { apiGet } from "@/lib/ui/api-client";
import { shortStorePath } from "@/lib/ui/generation-labels";
import { actionAvailability, type ActionAvailability } from "@/lib/ui/host-actions";
import { RollbackConfirmDialog } from "./rollback-confirm-dialog";

type Loaded = { generations: Generation[] } | { error: string } | null;
type GenerationsHost = Pick<HostView, "name" | "online" | "runningCommand" | "currentSystem" | "lastCommand">;

function GenerationRow({
  generation,
  rollback,
  onRollBack,
}: {
  generation: Generation;
  rollback: ActionAvailability;
  onRollBack: (generation: Generation) => void;
}) {
  return (
    <li
      data-generation={generation.number}
      data-current={generation.current}
      className="grid grid-cols-[3.5rem_minmax(0,1fr)_auto] items-center gap-x-3 gap-y-1 px-4 py-2.5 sm:px-5 md:grid-cols-[3.5rem_11rem_minmax(0,1fr)_auto]"
    >
      <span className="font-mono text-sm font-semibold tabular-nums">#{generation.number}</span>
      <LocalTime timestamp={generation.createdAt * 1000} className="text-xs text-muted-foreground max-md:order-last max-md:col-span-2 max-md:col-start-2" />
      <span className="truncate font-mono text-xs" title={generation.storePath}>
        {shortStorePath(generation.storePath)}
      </span>
      <span className="justify-self-end">
        {generation.current ? (
          <Badge variant="success">current</Badge>
        ) : (
          <span title={rollback.reason ?? undefined} className="inline-flex">
            <Button
              variant="outline"
              size="xs"
              disabled={!rollback.enabled}
              aria-label={`Roll back to generation ${generation.number}`}
              onClick={() => onRollBack(generation)}
            >
              <RotateCcwIcon aria-hidden />
              <span className="max-sm:sr-only">Roll back to this generation</span>
            </Button>
          </span>
        )}
      </span>
    </li>
  );
}

/**
 * The host's generations as its agent reported them, newest first, each but the current one with
 * "Roll back to this generation" (a rollback command to it, after a confirmation); reloaded when the
 * running system or the host's latest command changes (a switch or a rollback makes a new one current).
 */
export function HostGenerations({ host }: { host: GenerationsHost }) {
  const client = useFleetClient();
  const [loaded, setLoaded] = useState<Loaded>(null);
  const [confirming, setConfirming] = useState<Generation | null>(null);
  const rollback = actionAvailability(host, "rollback");
  const latest = `${host.currentSystem ?? ""}:${host.lastCommand?.id ?? ""}:${host.lastCommand?.state ?? ""}`;
  useEffect(() => {
    const controller = new AbortController();
    void apiGet<GenerationList>(`/api/hosts/${encodeURIComponent(host.name)}/generations`, { signal: controller.signal }).then((result) => {
      if (!controller.signal.aborted) setLoaded(result.ok ? { generations: result.value.generations } : { error: result.error.message });
    });
    return () => controller.abort();
  }, [host.name, latest]);

  return (
    <section id="generations" aria-labelledby="generations-title" className="scroll-mt-20 rounded-xl border border-border bg-card shadow-xs">
      <div className="flex items-center gap-2 border-b border-border px-4 py-2.5 sm:px-5">
        <h2 id="generations-title" className="text-sm font-semibold">
          Generations
        </h2>
        {loaded && "generations" in loaded && loaded.generations.length > 0 && (
          <span className="text-xs text-muted-foreground">{loaded.generations.length} kept</span>
        )}
      </div>
      {loaded === null ? (
        <p className="px-4 py-3 text-sm text-muted-foreground sm:px-5">Loading…</p>
      ) : "error" in loaded ? (
        <p role="alert" className="px-4 py-3 text-sm text-danger-foreground sm:px-5">
          Cannot load the generations: {loaded.error}
        </p>
      ) : loaded.generations.length === 0 ? (
        <p className="px-4 py-3 text-sm text-muted-foreground sm:px-5">The agent has reported no generations (older agents do not).</p>
      ) : (
        <ul aria-label="Generations" className="divide-y divide-border">
          {loaded.generations.map((generation) => (
            <GenerationRow key={generation.number} generation={generation} rollback={rollback} onRollBack={setConfirming} />
          ))}
        </ul>
      )}
      {confirming && (
        <RollbackConfirmDialog
          host={host.name}
          generation={confirming}
          onConfirm={() => void client.requestCommand(host.name, "rollback", { generation: confirming.number })}
          onClose={() => setConfirming(null)}
        />
      )}
    </section>
  );
}
