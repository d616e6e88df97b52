import { latestTaskEventId, listLatestTaskEvents, listTaskEventsAfter, type MonitorEventRow } from "@/lib/repositories/monitor-events";

/** One line of the monitor, as the page and the live stream carry it. */
export type MonitorEvent = MonitorEventRow;

/** Lines the monitor shows when it opens, before live events arrive. */
export const MONITOR_BACKLOG = 100;

export function listRecentMonitorEvents(limit = MONITOR_BACKLOG): Promise<MonitorEvent[]> {
  return listLatestTaskEvents(limit);
}

/** Events newer than `afterId`; `truncated` when more were waiting than `limit` (the oldest were skipped). */
export async function listMonitorEventsAfter(afterId: bigint, limit: number): Promise<{ events: MonitorEvent[]; truncated: boolean }> {
  const rows = await listTaskEventsAfter(afterId, limit + 1);
  return rows.length > limit ? { events: rows.slice(1), truncated: true } : { events: rows, truncated: false };
}

export function latestMonitorEventId(): Promise<bigint> {
  return latestTaskEventId();
}
