import { apiRoute } from "@/lib/http/api-route";
import { revokeByNameOperation } from "@/lib/openapi/operations/tasks";
import { revokeTasksByName } from "@/lib/services/control";

export const dynamic = "force-dynamic";

/** POST /api/v1/tasks/revoke-by-name {pattern, terminate?, signal?}: revoke every queued or running task whose name matches. */
export const POST = apiRoute(revokeByNameOperation, async ({ actor, body }) => revokeTasksByName(actor!, body));
