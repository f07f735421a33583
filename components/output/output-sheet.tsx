"use client";

import { useRoleRefusal } from "@/components/auth/signed-in-context";
import { DownloadIcon, SquareIcon } from "lucide-react";
import { useMemo, useState } from "react";
import { CommandStateBadge } from "@/components/commands/command-state-badge";
import { ElapsedTime } from "@/components/commands/elapsed-time";
import { useFleetClient } from "@/components/fleet/fleet-client-context";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { Sheet, SheetContent, SheetDescription, SheetTitle } from "@/components/ui/sheet";
import type { WatchedCommand } from "@/lib/protocol/browser";
import { isFinalState } from "@/lib/protocol/constants";
import { commandTypeLabel, formatDuration } from "@/lib/ui/command-labels";
import { collectTestResults } from "@/lib/ui/output-buffer";
import { OutputLog } from "./output-log";
import { TestResults } from "./test-results";
import { useCommandOutput } from "./use-command-output";

function CommandFacts({ command }: { command: WatchedCommand }) {
  const active = !isFinalState(command.state);
  return (
    <dl className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted-foreground">
      <div className="flex items-center gap-1.5">
        <dt className="sr-only">State</dt>
        <dd>
          <CommandStateBadge state={command.state} />
        </dd>
      </div>
      {command.exitCode !== null && (
        <div className="flex gap-1">
          <dt>Exit code</dt>
          <dd className="font-mono text-foreground" data-exit-code>
            {command.exitCode}
          </dd>
        </div>
      )}
      <div className="flex gap-1">
        <dt>{active ? "Running for" : "Took"}</dt>
        <dd className="text-foreground">
          {active ? <ElapsedTime since={command.createdAt} /> : command.durationMs !== null ? formatDuration(command.durationMs) : "–"}
        </dd>
      </div>
      <div className="flex gap-1">
        <dt>Started</dt>
        <dd className="text-foreground">
          <RelativeTime timestamp={command.createdAt} /> by {command.requestedBy}
        </dd>
      </div>
      {command.reason && (
        <div className="flex basis-full gap-1">
          <dt>Reason</dt>
          <dd className="text-foreground">{command.reason}</dd>
        </div>
      )}
    </dl>
  );
}

/**
 * A command's output in a panel from the right: lines as they arrive, per-test results for test
 * runs, state, exit code and duration, Stop while it runs, and the full download. Escape closes it.
 */
export function OutputSheet({ commandId, hostName, onClose }: { commandId: string; hostName: string; onClose: () => void }) {
  const client = useFleetClient();
  const output = useCommandOutput(commandId);
  const { command } = output;
  const [stopping, setStopping] = useState(false);
  const refusal = useRoleRefusal("operator", "stop commands");
  const isTest = command?.type === "test";
  const tests = useMemo(() => (isTest ? collectTestResults(output.blocks) : []), [isTest, output.blocks]);
  const active = command ? !isFinalState(command.state) : false;

  const stop = async () => {
    setStopping(true);
    await client.stop(hostName);
    setStopping(false);
  };

  const emptyText = output.error
    ? `Cannot show this output: ${output.error}`
    : !output.loaded
      ? "Loading output…"
      : active
        ? "Waiting for the first line…"
        : "This command printed nothing.";

  return (
    <Sheet open onOpenChange={(open) => !open && onClose()}>
      <SheetContent data-output-panel={commandId} aria-describedby={`output-${commandId}-facts`}>
        <div className="flex flex-col gap-3 border-b border-border px-4 pb-4 pt-4 pr-14 sm:px-5 sm:pr-14">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
            <SheetTitle className="text-base font-semibold">
              {hostName}
              <span className="text-muted-foreground"> · </span>
              {command ? commandTypeLabel(command.type) : "Command"}
            </SheetTitle>
            <div className="ml-auto flex items-center gap-2">
              {active && (
                <Button variant="outline" size="sm" onClick={stop} disabled={stopping || refusal !== null} title={refusal ?? undefined}>
                  <SquareIcon aria-hidden className="fill-current" />
                  Stop
                </Button>
              )}
              <Button variant="outline" size="sm" asChild>
                <a href={`/api/commands/${encodeURIComponent(commandId)}/output`} download>
                  <DownloadIcon aria-hidden />
                  Download
                </a>
              </Button>
            </div>
          </div>
          <SheetDescription asChild>
            <div id={`output-${commandId}-facts`}>{command ? <CommandFacts command={command} /> : <span className="text-xs">Loading…</span>}</div>
          </SheetDescription>
        </div>
        {isTest && tests.length > 0 && <TestResults results={tests} />}
        {(output.truncated || output.dropped > 0) && (
          <p className="border-b border-border bg-warning/10 px-4 py-1.5 text-xs text-warning-foreground sm:px-5">
            This output is long: not every line is shown here. Download it to read everything.
          </p>
        )}
        <OutputLog blocks={output.blocks} emptyText={emptyText} />
      </SheetContent>
    </Sheet>
  );
}
