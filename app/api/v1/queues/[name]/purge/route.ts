import { apiRoute } from "@/lib/http/api-route";
import { decodeSegment } from "@/lib/http/path-segment";
import { purgeQueueOperation } from "@/lib/openapi/operations/system";
import { purgeBrokerQueue } from "@/lib/services/broker-purge";

export const dynamic = "force-dynamic";

/** POST /api/v1/queues/<name>/purge {"confirm": "<name>"}: empty one queue on the broker (admin, audited). */
export const POST = apiRoute(purgeQueueOperation, async ({ actor, params, body }) => purgeBrokerQueue(actor!, { ...body, queue: decodeSegment(params.name) }));
