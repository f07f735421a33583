import { z } from "zod";
import { API_TOKEN_SCOPES, type ApiTokenScope } from "./api-token-scopes";

export { API_TOKEN_SCOPES, API_TOKEN_SCOPE_LABELS, type ApiTokenScope } from "./api-token-scopes";

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
