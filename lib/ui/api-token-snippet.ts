import type { ApiTokenScope } from "@/lib/protocol/api-tokens";

/** How each scope's token is used, with the token read from a file or variable (never pasted in). */
const USES: Record<ApiTokenScope, (origin: string) => string> = {
  metrics: (origin) => {
    const url = new URL(origin);
    return `# Prometheus (NixOS): a scrape job with the token in a file only prometheus can read
services.prometheus.scrapeConfigs = [{
  job_name = "nixfleet";
  scheme = "${url.protocol.replace(":", "")}";
  metrics_path = "/metrics";
  authorization.credentials_file = "/run/secrets/nixfleet-metrics-token";
  static_configs = [{ targets = [ "${url.host}" ]; }];
}];`;
  },
  rollouts: (origin) => `# CI: start a rollout of the fleet target (token in the CI's secret NIXFLEET_API_TOKEN)
curl --fail-with-body -X POST ${origin}/api/rollouts \\
  -H "Authorization: Bearer $NIXFLEET_API_TOKEN" \\
  -H "Content-Type: application/json" -d '{}'`,
};

/** Examples that use a new API token, one per scope it holds. */
export function apiTokenSnippet(scopes: readonly ApiTokenScope[], origin: string): string {
  return scopes.map((scope) => USES[scope](origin)).join("\n\n");
}
