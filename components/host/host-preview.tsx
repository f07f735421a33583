"use client";

import { FileDiffIcon } from "lucide-react";
import { useState } from "react";
import { PreviewPanel } from "@/components/commands/preview-panel";
import { useFleetClient } from "@/components/fleet/fleet-client-context";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { HostView } from "@/lib/protocol/browser";
import { actionAvailability } from "@/lib/ui/host-actions";
import { currentPreview } from "@/lib/ui/preview-state";

type PreviewHost = Pick<HostView, "name" | "online" | "runningCommand" | "lastCommand" | "lastPreview" | "desiredSystem" | "currentSystem">;

function Intro({ host }: { host: PreviewHost }) {
  const latest = host.lastPreview;
  if (latest === null) {
    return <p className="text-sm text-muted-foreground">No preview yet. Preview builds the configuration without activating it and shows what a switch would change.</p>;
  }
  const current = currentPreview(host) !== null;
  return (
    <p className="text-sm text-muted-foreground">
      Built <RelativeTime timestamp={latest.finishedAt} />.{" "}
      {current ? (
        "This is what a switch now would change."
      ) : (
        <span className="font-medium text-warning-foreground">The configuration changed since: run Preview again.</span>
      )}
    </p>
  );
}

/** The host's latest preview, and the button that makes a new one (the S indicator links here). */
export function HostPreview({ host }: { host: PreviewHost }) {
  const client = useFleetClient();
  const [starting, setStarting] = useState(false);
  const availability = actionAvailability(host, "preview");
  const run = async () => {
    setStarting(true);
    try {
      await client.requestCommand(host.name, "preview");
    } finally {
      setStarting(false);
    }
  };
  return (
    <section id="preview" aria-labelledby="preview-title" className="scroll-mt-20 rounded-xl border border-border bg-card shadow-xs">
      <div className="flex flex-wrap items-center gap-2 border-b border-border px-4 py-2.5 sm:px-5">
        <h2 id="preview-title" className="text-sm font-semibold">
          Preview
        </h2>
        <Button
          variant="outline"
          size="xs"
          className="ml-auto"
          disabled={!availability.enabled || starting}
          title={availability.reason ?? "Build the configuration without activating it"}
          onClick={run}
        >
          <FileDiffIcon aria-hidden />
          {host.lastPreview ? "Preview again" : "Run preview"}
        </Button>
      </div>
      <div className="flex flex-col gap-4 px-4 py-3 sm:px-5">
        <Intro host={host} />
        {host.lastPreview && <PreviewPanel key={host.lastPreview.commandId} commandId={host.lastPreview.commandId} />}
      </div>
    </section>
  );
}
