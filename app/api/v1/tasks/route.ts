import { apiRoute } from "@/lib/http/api-route";
import { listTasksOperation } from "@/lib/openapi/operations/tasks";
import { listTasks } from "@/lib/services/tasks";

export const dynamic = "force-dynamic";

/** GET /api/v1/tasks: the tasks page's filter, sort and keyset cursors, `limit` rows a page. */
export const GET = apiRoute(listTasksOperation, async ({ query }) => {
  const { limit, ...params } = query;
  const page = await listTasks(params, new Date(), limit);
  return { tasks: page.rows, next: page.next, previous: page.previous };
});
