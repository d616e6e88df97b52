import { authenticate } from "@/lib/http/authenticate";
import { responseForError } from "@/lib/http/error-status";
import { getChangeHub } from "@/lib/realtime/hub-instance";
import { sseResponse } from "@/lib/realtime/sse-response";
import type { StreamTopic } from "@/lib/realtime/stream-protocol";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Live updates for the console: what changed (for cache invalidation), health changes and,
 * with `?events=1`, the task events themselves (the monitor; `&after=<task event id>` first
 * sends what was logged since the page was rendered). Browsers resume with
 * Last-Event-ID; `?lastEventId=` does the same for clients that cannot set headers.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    await authenticate(request, "viewer");
  } catch (error) {
    return responseForError(error, new URL(request.url).pathname);
  }
  const url = new URL(request.url);
  const topics: StreamTopic[] = url.searchParams.get("events") === "1" ? ["changes", "events"] : ["changes"];
  const lastEventId = request.headers.get("last-event-id") ?? url.searchParams.get("lastEventId");
  const after = url.searchParams.get("after");
  const eventsAfterId = after && /^\d{1,19}$/.test(after) ? BigInt(after) : null;
  return sseResponse(getChangeHub(), { topics, lastEventId, eventsAfterId, signal: request.signal });
}
