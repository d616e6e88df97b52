import { apiRoute } from "@/lib/http/api-route";
import { queuesOperation } from "@/lib/openapi/operations/system";
import { listQueueDepths } from "@/lib/services/queue-depths";

export const dynamic = "force-dynamic";

/** GET /api/v1/queues: each queue's latest sampled depth. */
export const GET = apiRoute(queuesOperation, async () => listQueueDepths());
