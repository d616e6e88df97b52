import { apiRoute } from "@/lib/http/api-route";
import { statsOperation } from "@/lib/openapi/operations/system";
import { getTaskStats } from "@/lib/services/task-stats";

export const dynamic = "force-dynamic";

/** GET /api/v1/stats?window=15m|1h|24h|7d: rollups over the window. */
export const GET = apiRoute(statsOperation, async ({ query }) => getTaskStats(query.window));
