import { withApi } from "@/lib/http/with-api";
import { METRICS_CONTENT_TYPE } from "@/lib/metrics/render-metrics";
import { getMetricsText } from "@/lib/services/metrics";

export const dynamic = "force-dynamic";

/**
 * Prometheus scrape endpoint with Flower's metric names (README "API"). Viewer access: a
 * read-only API token (`Authorization: Bearer`) or a configured user over HTTP Basic.
 */
export const GET = withApi({ access: "viewer" }, async () => {
  return new Response(await getMetricsText(), { headers: { "content-type": METRICS_CONTENT_TYPE, "cache-control": "no-store" } });
});
