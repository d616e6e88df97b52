import { notFound } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/api-route";
import { decodeSegment } from "@/lib/http/path-segment";
import { getWorkerOperation } from "@/lib/openapi/operations/workers";
import { getWorkerDetail } from "@/lib/services/worker-detail";

export const dynamic = "force-dynamic";

/** GET /api/v1/workers/<hostname>: the worker page's data. */
export const GET = apiRoute(getWorkerOperation, async ({ params }) => {
  const hostname = decodeSegment(params.hostname);
  const worker = await getWorkerDetail(hostname);
  if (!worker) throw notFound(`No worker ${JSON.stringify(hostname)}`);
  return worker;
});
