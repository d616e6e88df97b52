import { withApi } from "@/lib/http/with-api";
import { revokeByNameInput, revokeTasksByName } from "@/lib/services/control";

export const dynamic = "force-dynamic";

/** POST /api/v1/tasks/revoke-by-name {pattern, terminate?, signal?}: revoke every queued or running task whose name matches. */
export const POST = withApi({ access: "admin", body: revokeByNameInput }, async ({ actor, body }) => revokeTasksByName(actor!, body));
