import { apiRoute } from "@/lib/http/api-route";
import { decodeSegment } from "@/lib/http/path-segment";
import { revokeTaskOperation } from "@/lib/openapi/operations/tasks";
import { revokeTasks } from "@/lib/services/control";

export const dynamic = "force-dynamic";

/** POST /api/v1/tasks/<id>/revoke {terminate?, signal?}: revoke (and terminate) one task on every worker. */
export const POST = apiRoute(revokeTaskOperation, async ({ actor, params, body }) => revokeTasks(actor!, { ...body, taskIds: [decodeSegment(params.id)] }));
