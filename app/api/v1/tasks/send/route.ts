import { apiRoute } from "@/lib/http/api-route";
import { sendTaskOperation } from "@/lib/openapi/operations/tasks";
import { sendTaskByName } from "@/lib/services/control";

export const dynamic = "force-dynamic";

/** POST /api/v1/tasks/send {name, queue?, args?, kwargs?, countdown?, eta?, expires?, priority?}: send a task by name. */
export const POST = apiRoute(sendTaskOperation, async ({ actor, body }) => sendTaskByName(actor!, body));
