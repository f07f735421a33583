import { z } from "zod";

/**
 * API tokens: for scripts and services (Prometheus, CI), never agents. A token grants only its
 * scopes, each one the right to call the routes that declare it, and nothing a session could do.
 */
export const API_TOKEN_SCOPES = ["metrics", "rollouts"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** What each scope lets a token do, for the tokens page. */
export const API_TOKEN_SCOPE_LABELS: Record<ApiTokenScope, string> = {
  metrics: "read GET /metrics",
  rollouts: "start rollouts: POST /api/rollouts",
};

export const apiTokenScopeSchema = z.enum(API_TOKEN_SCOPES);

/** POST /api/api-tokens. */
export const apiTokenCreateSchema = z.object({
  name: z.string().trim().min(1, "name: required").max(64, "name: at most 64 characters"),
  scopes: z.array(apiTokenScopeSchema).min(1, "scopes: at least one").max(API_TOKEN_SCOPES.length),
});
export type ApiTokenCreate = z.infer<typeof apiTokenCreateSchema>;

export const apiTokenParamsSchema = z.object({ id: z.uuid() });

export interface ApiTokenView {
  id: string;
  name: string;
  scopes: ApiTokenScope[];
  createdBy: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface ApiTokenList {
  tokens: ApiTokenView[];
}

/** The token is readable once, in this answer. */
export interface IssuedApiToken {
  token: string;
  view: ApiTokenView;
}
