"use client";

import { useRoleRefusal } from "@/components/auth/signed-in-context";
import { KeyRoundIcon, ShieldCheckIcon, ShieldOffIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { IssuedToken, OkReply, TokenList } from "@/lib/protocol/api";
import { apiDelete, apiGet, apiPost } from "@/lib/ui/api-client";
import { hostNameProblem } from "@/lib/ui/host-labels";
import { NewTokenDialog, type ShownToken } from "./new-token-dialog";
import { TokenRow } from "./token-row";
import { tokenColumns } from "./token-table";

const tokenPath = (host: string) => `/api/tokens/${encodeURIComponent(host)}`;

const shownHostToken = (issued: IssuedToken): ShownToken => ({
  title: `Token for ${issued.host}`,
  description: `Give this token to the agent on ${issued.host}.`,
  token: issued.token,
  snippet: { caption: "NixOS configuration (agenix; sops-nix in the comments)", code: issued.snippet },
});

function SharedTokenState({ enabled }: { enabled: boolean }) {
  const Icon = enabled ? ShieldCheckIcon : ShieldOffIcon;
  return (
    <div className="flex items-start gap-3 rounded-xl border border-border bg-card px-4 py-3 text-sm shadow-xs sm:px-5" data-shared-token={enabled}>
      <Icon aria-hidden className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
      <p className="text-muted-foreground">
        <span className="font-medium text-foreground">Shared token {enabled ? "enabled" : "disabled"}.</span>{" "}
        {enabled
          ? "A host without a token of its own may register once with NIXFLEET_AGENT_TOKEN; it then gets its own token, and the shared one no longer works for it."
          : "Every host needs its own token, created here, to connect."}
      </p>
    </div>
  );
}

function CreateTokenForm({ busy, onCreate }: { busy: boolean; onCreate: (host: string) => Promise<boolean> }) {
  const [name, setName] = useState("");
  const [touched, setTouched] = useState(false);
  const problem = hostNameProblem(name.trim());
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problem) return;
    if (await onCreate(name.trim())) {
      setName("");
      setTouched(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-2 rounded-xl border border-border bg-card px-4 py-3.5 shadow-xs sm:px-5">
      <Label htmlFor="new-token-host">Token for a new host</Label>
      <p className="text-xs text-muted-foreground">For a host that has not connected yet: create its token first, then start its agent with it.</p>
      <div className="flex flex-wrap items-start gap-2">
        <Input
          id="new-token-host"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          placeholder="host name, e.g. web-3"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={touched && problem !== null}
          aria-describedby={touched && problem ? "new-token-host-problem" : undefined}
          className="h-8 w-full sm:w-64"
        />
        <Button type="submit" size="sm" disabled={busy}>
          <KeyRoundIcon aria-hidden />
          Create token
        </Button>
      </div>
      {touched && problem && (
        <p id="new-token-host-problem" className="text-xs text-danger-foreground">
          {problem}
        </p>
      )}
    </form>
  );
}

/**
 * Every host with its token: create, rotate and revoke. A new token is shown once, in a dialog.
 * `knownHosts` are the hosts in the fleet (the others only have a token so far).
 */
export function TokensView({ initial, knownHosts }: { initial: TokenList; knownHosts: readonly string[] }) {
  const [list, setList] = useState(initial);
  const [busyHost, setBusyHost] = useState<string | null>(null);
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const known = new Set(knownHosts);
  const refusal = useRoleRefusal("operator", "manage host tokens");

  const reload = async () => {
    const result = await apiGet<TokenList>("/api/tokens");
    if (result.ok) setList(result.value);
  };

  const issue = async (host: string): Promise<boolean> => {
    setBusyHost(host);
    setError(null);
    const result = await apiPost<IssuedToken>(tokenPath(host));
    setBusyHost(null);
    if (!result.ok) {
      setError(`Could not create a token for ${host}: ${result.error.message}`);
      return false;
    }
    setIssued(result.value);
    await reload();
    return true;
  };

  const revoke = async (host: string) => {
    setBusyHost(host);
    setError(null);
    const result = await apiDelete<OkReply>(tokenPath(host));
    setBusyHost(null);
    if (!result.ok) setError(`Could not revoke the token of ${host}: ${result.error.message}`);
    await reload();
  };

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-1.5">
        <h1 className="text-xl font-semibold tracking-tight">Agent tokens</h1>
        <p className="max-w-3xl text-sm text-muted-foreground">
          Each host connects with a token of its own, bound to its name; the dashboard stores only a hash. Rotating or
          revoking disconnects the agent that used the old token at once.
        </p>
      </div>
      <SharedTokenState enabled={list.sharedTokenEnabled} />
      {refusal ? (
        <p className="text-sm text-muted-foreground" data-role-refusal>
          {refusal}: you see the tokens' state only.
        </p>
      ) : (
        <CreateTokenForm busy={busyHost !== null} onCreate={issue} />
      )}
      <ErrorAlert>{error}</ErrorAlert>
      <DataTable
        caption="Hosts and their tokens"
        columns={tokenColumns("Host", "Token")}
        isEmpty={list.hosts.length === 0}
        empty="No hosts yet. Create a token for a new host above, or start an agent with the shared token."
      >
        {list.hosts.map((token) => (
          <TokenRow
            key={token.host}
            token={token}
            known={known.has(token.host)}
            busy={busyHost !== null || refusal !== null}
            onIssue={issue}
            onRevoke={revoke}
          />
        ))}
      </DataTable>
      <NewTokenDialog issued={issued && shownHostToken(issued)} onClose={() => setIssued(null)} />
    </div>
  );
}
