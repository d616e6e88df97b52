import { apiRoute } from "@/lib/http/api-route";
import { decodeSegment } from "@/lib/http/path-segment";
import { abortTaskOperation } from "@/lib/openapi/operations/tasks";
import { abortTask } from "@/lib/services/control";

export const dynamic = "force-dynamic";

/** POST /api/v1/tasks/<id>/abort {allowUnknown?}: ABORTED in the result backend, for AbortableTask. */
export const POST = apiRoute(abortTaskOperation, async ({ actor, params, body }) => abortTask(actor!, { ...body, id: decodeSegment(params.id) }));
