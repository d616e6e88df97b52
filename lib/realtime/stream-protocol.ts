import type { MonitorEvent } from "@/lib/services/monitor-feed";
import type { SystemHealth } from "@/lib/services/system-health";
import type { ChangePayload } from "./change-payload";

/**
 * What /api/stream sends, shared by the route and the browser hooks (types only, so the
 * client bundle pulls in nothing from the server side).
 *
 * Topics: every connection gets `changes` (what changed, for cache invalidation) and
 * `health`; the monitor also asks for `events` (the task_events rows themselves), which
 * nobody else should pay for.
 */
export const STREAM_PATH = "/api/stream";

export type StreamTopic = "changes" | "events";

export type HealthSignal = Pick<SystemHealth, "database" | "ingest" | "broker">;

export type StreamMessage =
  | { event: "changes"; data: ChangePayload }
  | { event: "health"; data: HealthSignal }
  | { event: "task-events"; data: { events: MonitorEvent[]; /** more were waiting than one message carries; the oldest were left out */ truncated: boolean } }
  | {
      event: "resync";
      /** what the client knows may be out of date: refetch (and, for the monitor, expect a gap) */
      data: { reason: "missed-messages" | "listener-reconnected" };
    }
  | {
      event: "ready";
      /** sent once the server is listening; `lastChangeMsAgo` lets a page tell whether it missed a change while loading */
      data: { topics: StreamTopic[]; lastChangeMsAgo: number | null };
    };

export type StreamEventName = StreamMessage["event"];

/**
 * A stream URL that resumes from `lastEventId`: what the browser's own reconnects send as the
 * Last-Event-ID header, for a new EventSource (which starts without one).
 */
export function resumeUrl(url: string, lastEventId: string): string {
  if (!lastEventId) return url;
  return `${url}${url.includes("?") ? "&" : "?"}lastEventId=${encodeURIComponent(lastEventId)}`;
}

/** `afterEventId`: the newest task event a monitor page was rendered with, so the stream fills the gap up to now. */
export function streamUrl(topics: readonly StreamTopic[], afterEventId?: string | null): string {
  if (!topics.includes("events")) return STREAM_PATH;
  return afterEventId ? `${STREAM_PATH}?events=1&after=${encodeURIComponent(afterEventId)}` : `${STREAM_PATH}?events=1`;
}
