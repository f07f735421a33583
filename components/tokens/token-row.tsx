"use client";

import { KeyRoundIcon, RotateCwIcon, ShieldOffIcon } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmSheet } from "@/components/ui/confirm-sheet";
import type { HostTokenState } from "@/lib/protocol/api";
import { When } from "./token-table";

type Confirm = "rotate" | "revoke" | null;

const STATE_BADGES: Record<HostTokenState["state"], { variant: "success" | "danger" | "muted"; words: string }> = {
  active: { variant: "success", words: "Active" },
  revoked: { variant: "danger", words: "Revoked" },
  none: { variant: "muted", words: "None" },
};

/** A host's token: its state and times, and Create token, or Rotate and Revoke. */
export function TokenRow({
  token,
  known,
  busy,
  onIssue,
  onRevoke,
}: {
  token: HostTokenState;
  /** The host is in the fleet (it has a page to link to). */
  known: boolean;
  busy: boolean;
  onIssue: (host: string) => void;
  onRevoke: (host: string) => void;
}) {
  const [confirm, setConfirm] = useState<Confirm>(null);
  const badge = STATE_BADGES[token.state];
  return (
    <tr data-token-host={token.host} data-token-state={token.state} className="border-b border-border last:border-b-0">
      <th scope="row" className="px-4 py-2.5 text-left font-medium sm:px-5">
        {known ? (
          <Link href={`/hosts/${encodeURIComponent(token.host)}`} className="rounded-sm hover:underline">
            {token.host}
          </Link>
        ) : (
          <span title="Not connected yet">{token.host}</span>
        )}
      </th>
      <td className="px-3 py-2.5">
        <Badge variant={badge.variant}>{badge.words}</Badge>
        {token.source && token.state !== "none" && <span className="ml-2 text-xs text-muted-foreground">{token.source}</span>}
      </td>
      <td className="px-3 py-2.5 text-xs text-muted-foreground max-md:hidden">
        <When at={token.createdAt} />
      </td>
      <td className="px-3 py-2.5 text-xs text-muted-foreground max-md:hidden">
        {token.state === "revoked" ? (
          <>
            revoked <When at={token.revokedAt} />
          </>
        ) : (
          <When at={token.lastUsedAt} never={token.state === "active" ? "never" : "–"} />
        )}
      </td>
      <td className="px-4 py-2 sm:px-5">
        <div className="flex flex-wrap justify-end gap-1.5">
          {token.state === "active" ? (
            <>
              <Button variant="outline" size="xs" disabled={busy} onClick={() => setConfirm("rotate")}>
                <RotateCwIcon aria-hidden />
                Rotate
              </Button>
              <Button
                variant="outline"
                size="xs"
                disabled={busy}
                onClick={() => setConfirm("revoke")}
                className="text-danger-foreground hover:text-danger-foreground"
              >
                <ShieldOffIcon aria-hidden />
                Revoke
              </Button>
            </>
          ) : (
            <Button variant="outline" size="xs" disabled={busy} onClick={() => onIssue(token.host)}>
              <KeyRoundIcon aria-hidden />
              Create token
            </Button>
          )}
        </div>
        {confirm && (
          <ConfirmSheet
            title={`${confirm === "rotate" ? "Rotate" : "Revoke"} the token of ${token.host}?`}
            description={
              confirm === "rotate"
                ? `The current token stops working at once and ${token.host}'s agent is disconnected until it has the new one, which is shown next.`
                : `${token.host}'s agent is disconnected at once and cannot connect again until it gets a new token.`
            }
            confirmLabel={confirm === "rotate" ? "Rotate" : "Revoke"}
            destructive={confirm === "revoke"}
            onConfirm={() => (confirm === "rotate" ? onIssue(token.host) : onRevoke(token.host))}
            onClose={() => setConfirm(null)}
          />
        )}
      </td>
    </tr>
  );
}
