import type { HostTokenState } from "@/lib/auth/token-states";
import { readApiError } from "@/lib/ui/api-errors";

export interface TokenList {
  hosts: HostTokenState[];
  sharedTokenEnabled: boolean;
}

export interface IssuedToken {
  host: string;
  token: string;
  snippet: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: string };

async function call<T>(path: string, init?: RequestInit): Promise<ApiResult<T>> {
  try {
    const response = await fetch(path, { cache: "no-store", ...init });
    if (!response.ok) return { ok: false, error: await readApiError(response) };
    return { ok: true, value: (await response.json()) as T };
  } catch (error) {
    return { ok: false, error: `The dashboard did not answer: ${String(error)}` };
  }
}

const tokenPath = (host: string) => `/api/tokens/${encodeURIComponent(host)}`;

export const tokenApi = {
  list: () => call<TokenList>("/api/tokens"),
  /** Creates the host's token, or rotates it (the old one stops working at once). */
  issue: (host: string) => call<IssuedToken>(tokenPath(host), { method: "POST" }),
  revoke: (host: string) => call<{ ok: true }>(tokenPath(host), { method: "DELETE" }),
};
