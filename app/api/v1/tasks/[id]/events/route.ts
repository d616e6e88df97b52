import { notFound } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/api-route";
import { decodeSegment } from "@/lib/http/path-segment";
import { getTaskEventsOperation } from "@/lib/openapi/operations/tasks";
import { getTaskTimeline } from "@/lib/services/tasks";

export const dynamic = "force-dynamic";

/** GET /api/v1/tasks/<id>/events: the event timeline, oldest first. */
export const GET = apiRoute(getTaskEventsOperation, async ({ params }) => {
  const id = decodeSegment(params.id);
  const timeline = await getTaskTimeline(id);
  if (!timeline) throw notFound(`No task ${JSON.stringify(id)}`);
  return timeline;
});
