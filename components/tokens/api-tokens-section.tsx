"use client";

import { PlusIcon, ShieldOffIcon } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmSheet } from "@/components/ui/confirm-sheet";
import { DataTable } from "@/components/ui/data-table";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { OkReply } from "@/lib/protocol/api";
import { API_TOKEN_SCOPES, API_TOKEN_SCOPE_LABELS, type ApiTokenScope } from "@/lib/protocol/api-token-scopes";
import type { ApiTokenList, ApiTokenView, IssuedApiToken } from "@/lib/protocol/api-tokens";
import { apiDelete, apiGet, apiPost } from "@/lib/ui/api-client";
import { apiTokenSnippet } from "@/lib/ui/api-token-snippet";
import { NewTokenDialog, type ShownToken } from "./new-token-dialog";
import { tokenColumns, When } from "./token-table";

function CreateApiTokenForm({ busy, onCreate }: { busy: boolean; onCreate: (name: string, scopes: ApiTokenScope[]) => Promise<boolean> }) {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiTokenScope[]>(["metrics"]);
  const problem = name.trim() === "" ? "Give the token a name: what uses it." : scopes.length === 0 ? "Choose at least one scope." : null;
  const [touched, setTouched] = useState(false);
  const toggle = (scope: ApiTokenScope, on: boolean) =>
    setScopes((current) => API_TOKEN_SCOPES.filter((s) => (s === scope ? on : current.includes(s))));
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problem) return;
    if (await onCreate(name.trim(), scopes)) {
      setName("");
      setTouched(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-2 rounded-xl border border-border bg-card px-4 py-3.5 shadow-xs sm:px-5">
      <Label htmlFor="new-api-token-name">New API token</Label>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <Input
          id="new-api-token-name"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          placeholder="what uses it, e.g. prometheus"
          autoComplete="off"
          maxLength={64}
          aria-invalid={touched && problem !== null}
          className="h-8 w-full sm:w-64"
        />
        {API_TOKEN_SCOPES.map((scope) => (
          <label key={scope} className="flex items-center gap-1.5 text-sm">
            <Checkbox checked={scopes.includes(scope)} onChange={(event) => toggle(scope, event.currentTarget.checked)} data-scope={scope} />
            <span className="font-medium">{scope}</span>
            <span className="text-xs text-muted-foreground">{API_TOKEN_SCOPE_LABELS[scope]}</span>
          </label>
        ))}
        <Button type="submit" size="sm" disabled={busy}>
          <PlusIcon aria-hidden />
          Create API token
        </Button>
      </div>
      {touched && problem && <p className="text-xs text-danger-foreground">{problem}</p>}
    </form>
  );
}

function RevokeButton({ token, busy, onRevoke }: { token: ApiTokenView; busy: boolean; onRevoke: (id: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <Button size="sm" variant="outline" disabled={busy} onClick={() => setConfirming(true)} aria-label={`Revoke API token ${token.name}`}>
        <ShieldOffIcon aria-hidden />
        Revoke
      </Button>
      {confirming && (
        <ConfirmSheet
          title={`Revoke the API token ${token.name}?`}
          description={`What uses it (${token.scopes.join(", ")}) is refused from the next request on.`}
          confirmLabel="Revoke"
          destructive
          onConfirm={() => onRevoke(token.id)}
          onClose={() => setConfirming(false)}
        />
      )}
    </>
  );
}

/** Scoped tokens for scripts and services (Prometheus, CI): create, list, revoke. Admins only (the API checks). */
export function ApiTokensSection({ initial }: { initial: ApiTokenView[] }) {
  const [tokens, setTokens] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<ShownToken | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = async () => {
    const result = await apiGet<ApiTokenList>("/api/api-tokens");
    if (result.ok) setTokens(result.value.tokens);
  };

  const create = async (name: string, scopes: ApiTokenScope[]): Promise<boolean> => {
    setBusy(true);
    setError(null);
    const result = await apiPost<IssuedApiToken>("/api/api-tokens", { name, scopes });
    setBusy(false);
    if (!result.ok) {
      setError(`Could not create the API token: ${result.error.message}`);
      return false;
    }
    setShown({
      title: `API token ${result.value.view.name}`,
      description: `It may ${scopes.map((scope) => API_TOKEN_SCOPE_LABELS[scope]).join(" and ")}, nothing else.`,
      token: result.value.token,
      snippet: { caption: "Using it", code: apiTokenSnippet(scopes, window.location.origin) },
    });
    await reload();
    return true;
  };

  const revoke = async (id: string) => {
    setBusy(true);
    setError(null);
    const result = await apiDelete<OkReply>(`/api/api-tokens/${encodeURIComponent(id)}`);
    setBusy(false);
    if (!result.ok) setError(`Could not revoke the API token: ${result.error.message}`);
    await reload();
  };

  return (
    <section className="flex flex-col gap-4" aria-labelledby="api-tokens-heading">
      <div className="flex flex-col gap-1.5">
        <h2 id="api-tokens-heading" className="text-lg font-semibold tracking-tight">
          API tokens
        </h2>
        <p className="max-w-3xl text-sm text-muted-foreground">
          For scripts and services, not agents: a token may do only what its scopes name (read the metrics, start rollouts), never
          what a signed-in user may. The dashboard stores only a hash.
        </p>
      </div>
      <CreateApiTokenForm busy={busy} onCreate={create} />
      <ErrorAlert>{error}</ErrorAlert>
      <DataTable
        caption="API tokens"
        columns={tokenColumns("Name", "Scopes")}
        isEmpty={tokens.length === 0}
        empty="No API tokens yet."
      >
        {tokens.map((token) => (
          <tr key={token.id} className="border-b border-border last:border-0" data-api-token={token.name}>
            <td className="px-4 py-2 font-medium sm:px-5">{token.name}</td>
            <td className="px-3 py-2">
              <span className="flex flex-wrap gap-1">
                {token.scopes.map((scope) => (
                  <Badge key={scope} variant="muted">{scope}</Badge>
                ))}
                {token.revokedAt !== null && <Badge variant="danger">Revoked</Badge>}
              </span>
            </td>
            <td className="px-3 py-2 max-md:hidden">
              <When at={token.createdAt} /> <span className="text-xs text-muted-foreground">by {token.createdBy}</span>
            </td>
            <td className="px-3 py-2 max-md:hidden">
              <When at={token.lastUsedAt} />
            </td>
            <td className="px-4 py-2 text-right sm:px-5">
              {token.revokedAt === null && <RevokeButton token={token} busy={busy} onRevoke={revoke} />}
            </td>
          </tr>
        ))}
      </DataTable>
      <NewTokenDialog issued={shown} onClose={() => setShown(null)} />
    </section>
  );
}
