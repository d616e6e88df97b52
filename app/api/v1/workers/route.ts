import { apiRoute } from "@/lib/http/api-route";
import { listWorkersOperation } from "@/lib/openapi/operations/workers";
import { listWorkerSummaries } from "@/lib/services/worker-summaries";

export const dynamic = "force-dynamic";

/** GET /api/v1/workers: every stored worker, online first. */
export const GET = apiRoute(listWorkersOperation, async () => ({ workers: await listWorkerSummaries() }));
