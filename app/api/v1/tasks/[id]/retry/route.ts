import { apiRoute } from "@/lib/http/api-route";
import { decodeSegment } from "@/lib/http/path-segment";
import { retryTaskOperation } from "@/lib/openapi/operations/tasks";
import { retryTask } from "@/lib/services/control";

export const dynamic = "force-dynamic";

/** POST /api/v1/tasks/<id>/retry {args?, kwargs?, queue?}: send the task again; the new one links back. */
export const POST = apiRoute(retryTaskOperation, async ({ actor, params, body }) => retryTask(actor!, { ...body, id: decodeSegment(params.id) }));
