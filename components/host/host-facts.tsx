"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { useFleetTarget } from "@/components/fleet/fleet-store-context";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { HostTokenState } from "@/lib/protocol/api";
import type { HostView } from "@/lib/protocol/browser";
import { formatUptime } from "@/lib/ui/command-labels";
import { deviceTypeLabel, locationLabel, platformLabel } from "@/lib/ui/host-labels";
import { safeHttpUrl, shortCommit } from "@/lib/ui/target-labels";

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7.5rem_minmax(0,1fr)] gap-3 px-4 py-2 sm:px-5">
      <dt className="text-xs text-muted-foreground">{term}</dt>
      <dd className="min-w-0 break-words text-sm">{children}</dd>
    </div>
  );
}

function Mono({ children, title }: { children: ReactNode; title?: string }) {
  return (
    <span className="break-all font-mono text-xs" title={title}>
      {children}
    </span>
  );
}

function Unknown({ children = "unknown" }: { children?: ReactNode }) {
  return <span className="text-muted-foreground">{children}</span>;
}

function DesiredSystem({ host }: { host: HostView }) {
  if (host.desiredSystemEvaluating) return <Unknown>evaluating…</Unknown>;
  if (host.desiredSystemError) return <span className="text-danger-foreground">evaluation failed: {host.desiredSystemError}</span>;
  if (!host.desiredSystem) return <Unknown />;
  const same = host.desiredSystem === host.currentSystem;
  return (
    <>
      <Mono>{host.desiredSystem}</Mono>
      {same && <span className="ml-1 text-xs text-success-foreground">(running)</span>}
    </>
  );
}

function TokenFact({ token }: { token: HostTokenState | null }) {
  const state = token?.state ?? "none";
  return (
    <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
      <Badge variant={state === "active" ? "success" : state === "revoked" ? "danger" : "muted"}>{state}</Badge>
      {token?.state === "active" && token.lastUsedAt !== null && (
        <span className="text-xs text-muted-foreground">
          used <RelativeTime timestamp={token.lastUsedAt} />
        </span>
      )}
      <Link href="/tokens" className="rounded-sm text-xs text-muted-foreground underline-offset-2 hover:underline">
        Manage
      </Link>
    </span>
  );
}

/** What the agent reports about the host, plus its token's state. */
export function HostFacts({ host, token }: { host: HostView; token: HostTokenState | null }) {
  const target = useFleetTarget();
  const repoLink = safeHttpUrl(host.repoUrl);
  return (
    <section aria-labelledby="host-facts-title" className="rounded-xl border border-border bg-card shadow-xs">
      <h2 id="host-facts-title" className="border-b border-border px-4 py-2.5 text-sm font-semibold sm:px-5">
        Facts
      </h2>
      <dl className="divide-y divide-border">
        <Fact term="Platform">
          {platformLabel(host.platform)} {host.osVersion}
          {host.nixpkgsVersion && <span className="text-muted-foreground"> · nixpkgs {host.nixpkgsVersion}</span>}
        </Fact>
        <Fact term="Agent">
          <Mono>{host.agentVersion || "–"}</Mono>
          {target && host.agentVersion && target.agentVersion !== host.agentVersion && (
            <span className="text-xs text-muted-foreground"> (dashboard: {target.agentVersion})</span>
          )}
        </Fact>
        <Fact term="Location">
          {locationLabel(host.location)} · {deviceTypeLabel(host.deviceType)}
        </Fact>
        <Fact term="Repository">
          {!host.repoUrl ? (
            <Unknown>not reported</Unknown>
          ) : repoLink ? (
            <a href={repoLink} target="_blank" rel="noreferrer noopener" className="break-all hover:underline">
              {host.repoUrl}
            </a>
          ) : (
            <Mono>{host.repoUrl}</Mono>
          )}
        </Fact>
        <Fact term="HEAD">{host.headCommit ? <Mono title={host.headCommit}>{shortCommit(host.headCommit)}</Mono> : <Unknown />}</Fact>
        <Fact term="flake.lock">
          {host.lockHash ? (
            <>
              <Mono title={host.lockHash}>{host.lockHash.slice(0, 12)}</Mono>
              {host.lockModifiedAt !== null && (
                <span className="text-xs text-muted-foreground">
                  {" "}
                  · changed <RelativeTime timestamp={host.lockModifiedAt} />
                </span>
              )}
            </>
          ) : (
            <Unknown />
          )}
        </Fact>
        <Fact term="Current system">{host.currentSystem ? <Mono>{host.currentSystem}</Mono> : <Unknown />}</Fact>
        <Fact term="Desired system">
          <DesiredSystem host={host} />
        </Fact>
        <Fact term="Uptime">{host.online ? formatUptime(host.uptimeSeconds) : <Unknown>offline</Unknown>}</Fact>
        <Fact term="Last seen">
          <RelativeTime timestamp={host.lastSeenAt} />
        </Fact>
        <Fact term="Token">
          <TokenFact token={token} />
        </Fact>
      </dl>
    </section>
  );
}
