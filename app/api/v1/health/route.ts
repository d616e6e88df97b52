import { withApi } from "@/lib/http/with-api";
import { getHealthReport } from "@/lib/services/health-report";

export const dynamic = "force-dynamic";

/** Public like /healthcheck (load balancers probe it): 200 when healthy, 503 otherwise, with the detail. */
export const GET = withApi({ access: "public" }, async () => {
  const report = await getHealthReport();
  return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
});
