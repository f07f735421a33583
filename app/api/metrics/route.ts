import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * Prometheus metrics in the text format (also at /metrics, where server.ts sends it). Off unless
 * NIXFLEET_METRICS is on; a scraper reads it with a metrics-scoped API token.
 */
export const GET = route({ role: "viewer", scope: "metrics" }, async ({ runtime }) => {
  if (!runtime.config.metricsEnabled) {
    return Response.json({ error: "metrics are off: set NIXFLEET_METRICS=on (services.nixfleet-dashboard.enableMetrics on NixOS)" }, { status: 404 });
  }
  const { text, contentType } = await runtime.metrics.exposition();
  return new Response(text, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
