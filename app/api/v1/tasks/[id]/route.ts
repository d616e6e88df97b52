import { notFound } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/api-route";
import { decodeSegment } from "@/lib/http/path-segment";
import { getTaskOperation } from "@/lib/openapi/operations/tasks";
import { getTaskWithFamily } from "@/lib/services/tasks";

export const dynamic = "force-dynamic";

/** GET /api/v1/tasks/<id>: every stored field and the task's family tree. */
export const GET = apiRoute(getTaskOperation, async ({ params }) => {
  const id = decodeSegment(params.id);
  const task = await getTaskWithFamily(id);
  if (!task) throw notFound(`No task ${JSON.stringify(id)}`);
  return task;
});
