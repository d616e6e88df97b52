import { withApi } from "@/lib/http/with-api";
import { sendTaskByName, sendTaskInput } from "@/lib/services/control";

export const dynamic = "force-dynamic";

/** POST /api/v1/tasks/send {name, queue?, args?, kwargs?, countdown?, eta?, expires?, priority?}: send a task by name. */
export const POST = withApi({ access: "admin", body: sendTaskInput }, async ({ actor, body }) => sendTaskByName(actor!, body));
