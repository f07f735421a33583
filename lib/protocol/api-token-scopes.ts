/* Plain values, free of zod, so pages can import them without the schemas. */

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
