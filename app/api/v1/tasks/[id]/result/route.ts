import { apiRoute } from "@/lib/http/api-route";
import { decodeSegment } from "@/lib/http/path-segment";
import { getTaskResultOperation } from "@/lib/openapi/operations/tasks";
import { readTaskResult } from "@/lib/services/control";

export const dynamic = "force-dynamic";

/** GET /api/v1/tasks/<id>/result: the task's record in the Redis result backend (501 for other backends). */
export const GET = apiRoute(getTaskResultOperation, async ({ actor, params }) => readTaskResult(actor!, { id: decodeSegment(params.id) }));
