import { apiRoute } from "@/lib/http/api-route";
import { healthOperation } from "@/lib/openapi/operations/system";
import { getHealthReport } from "@/lib/services/health-report";

export const dynamic = "force-dynamic";

/** Public like /healthcheck (load balancers probe it): 200 when healthy, 503 otherwise, with the detail. */
export const GET = apiRoute(healthOperation, async () => {
  const report = await getHealthReport();
  return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
});
