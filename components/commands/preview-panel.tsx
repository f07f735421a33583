"use client";

import { useEffect, useState } from "react";
import type { PreviewDetail } from "@/lib/protocol/api";
import type { Preview, PreviewCounts } from "@/lib/protocol/preview";
import { formatSizeDelta, UNIT_ACTION_ORDER } from "@/lib/protocol/preview-format";
import { apiGet } from "@/lib/ui/api-client";
import { cn } from "@/lib/ui/cn";

type Loaded = { preview: Preview } | { error: string } | null;

const UNIT_HEADINGS = { stop: "Stop", start: "Start", restart: "Restart", reload: "Reload" } as const;

function Stat({ label, value, tone }: { label: string; value: string; tone?: "added" | "removed" | "changed" }) {
  return (
    <div className="flex min-w-[5.5rem] flex-col gap-0.5 rounded-lg border border-border bg-background/60 px-3 py-2">
      <dt className="text-[0.6875rem] font-medium uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd
        className={cn(
          "text-lg font-semibold tabular-nums leading-tight",
          tone === "added" && "text-success-foreground",
          tone === "removed" && "text-danger-foreground",
          tone === "changed" && "text-info-foreground",
        )}
      >
        {value}
      </dd>
    </div>
  );
}

/** The counts first: what changes, in numbers. */
export function PreviewCountsRow({ counts }: { counts: PreviewCounts }) {
  const units = counts.units;
  return (
    <dl aria-label="What would change" data-preview-counts className="flex flex-wrap gap-2">
      {/* A zero takes no colour: only what changes stands out. */}
      <Stat label="Changed" value={String(counts.changed)} tone={counts.changed > 0 ? "changed" : undefined} />
      <Stat label="Added" value={String(counts.added)} tone={counts.added > 0 ? "added" : undefined} />
      <Stat label="Removed" value={String(counts.removed)} tone={counts.removed > 0 ? "removed" : undefined} />
      <Stat label="Closure" value={counts.closureDeltaBytes === null ? "±0" : formatSizeDelta(counts.closureDeltaBytes)} />
      {units &&
        UNIT_ACTION_ORDER.filter((action) => units[action] > 0).map((action) => (
          <Stat key={action} label={`Units to ${action}`} value={String(units[action])} />
        ))}
    </dl>
  );
}

function Group({ title, count, shown, children }: { title: string; count: number; shown: number; children: React.ReactNode }) {
  if (count === 0) return null;
  return (
    <section aria-label={`${title} (${count})`} className="flex flex-col gap-1.5">
      <h3 className="text-xs font-semibold text-muted-foreground">
        {title} <span className="tabular-nums">({count})</span>
      </h3>
      <ul className="grid gap-x-6 gap-y-1 font-mono text-xs sm:grid-cols-2">{children}</ul>
      {shown < count && <p className="text-xs text-muted-foreground">and {count - shown} more (see the command's output)</p>}
    </section>
  );
}

/** A whole preview: counts, then packages changed, added and removed, then the units by action. */
export function PreviewBody({ preview }: { preview: Preview }) {
  const { packages, counts, units } = preview;
  const unitCounts = units && { stop: units.stop.length, start: units.start.length, restart: units.restart.length, reload: units.reload.length };
  const nothing = counts.changed + counts.added + counts.removed === 0 && (!units || UNIT_ACTION_ORDER.every((a) => units[a].length === 0));
  return (
    <div data-preview className="flex flex-col gap-4">
      <PreviewCountsRow counts={{ ...counts, units: unitCounts, closureDeltaBytes: preview.closureDeltaBytes }} />
      {nothing && <p className="text-sm text-muted-foreground">A switch would change no package and no unit.</p>}
      <Group title="Changed" count={counts.changed} shown={packages.changed.length}>
        {packages.changed.map((change) => (
          <li key={change.name} className="flex min-w-0 flex-wrap gap-x-2">
            <span className="font-medium text-foreground">{change.name}</span>
            <span className="text-muted-foreground">
              {change.from} → <span className="text-info-foreground">{change.to}</span>
            </span>
          </li>
        ))}
      </Group>
      <Group title="Added" count={counts.added} shown={packages.added.length}>
        {packages.added.map((item) => (
          <li key={item.name} className="flex min-w-0 flex-wrap gap-x-2">
            <span className="font-medium text-success-foreground">+ {item.name}</span>
            <span className="text-muted-foreground">{item.version}</span>
          </li>
        ))}
      </Group>
      <Group title="Removed" count={counts.removed} shown={packages.removed.length}>
        {packages.removed.map((item) => (
          <li key={item.name} className="flex min-w-0 flex-wrap gap-x-2">
            <span className="font-medium text-danger-foreground">− {item.name}</span>
            <span className="text-muted-foreground">{item.version}</span>
          </li>
        ))}
      </Group>
      {units === null ? (
        <p className="text-xs text-muted-foreground">Units: only NixOS tells which units a switch would touch (dry-activate).</p>
      ) : (
        UNIT_ACTION_ORDER.map((action) => (
          <Group key={action} title={`Units to ${UNIT_HEADINGS[action].toLowerCase()}`} count={units[action].length} shown={units[action].length}>
            {units[action].map((unit) => (
              <li key={unit} className="truncate" title={unit}>
                {unit}
              </li>
            ))}
          </Group>
        ))
      )}
    </div>
  );
}

/** A preview command's result, fetched when shown (the fleet carries only its counts). */
export function PreviewPanel({ commandId }: { commandId: string }) {
  const [loaded, setLoaded] = useState<Loaded>(null);
  useEffect(() => {
    const controller = new AbortController();
    void apiGet<PreviewDetail>(`/api/commands/${encodeURIComponent(commandId)}/preview`, { signal: controller.signal }).then((result) => {
      if (!controller.signal.aborted) setLoaded(result.ok ? { preview: result.value.preview } : { error: result.error.message });
    });
    return () => controller.abort();
  }, [commandId]);
  if (loaded === null) return <p className="text-sm text-muted-foreground">Loading the preview…</p>;
  if ("error" in loaded) {
    return (
      <p role="alert" className="text-sm text-danger-foreground">
        Cannot load the preview: {loaded.error}
      </p>
    );
  }
  return <PreviewBody preview={loaded.preview} />;
}
