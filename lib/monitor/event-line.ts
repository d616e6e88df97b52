import { formatSeconds } from "@/lib/format/numbers";
import type { MonitorEvent } from "@/lib/services/monitor-feed";

/** The task event types the monitor offers as a filter, in lifecycle order. */
export const TASK_EVENT_TYPES = ["task-sent", "task-received", "task-started", "task-succeeded", "task-failed", "task-retried", "task-revoked", "task-rejected"] as const;

/**
 * The words after "Task name[id]": "received", "succeeded in 4 ms", "failed: ValueError('boom')".
 * Custom events (`task-progress`) read as their suffix.
 */
export function describeEvent(event: Pick<MonitorEvent, "type" | "runtime" | "exception">): string {
  const verb = event.type.startsWith("task-") ? event.type.slice(5) : event.type;
  if (event.type === "task-succeeded" && event.runtime !== null) return `${verb} in ${formatSeconds(event.runtime)}`;
  if ((event.type === "task-failed" || event.type === "task-retried") && event.exception) return `${verb}: ${event.exception}`;
  return verb;
}

/** "Task send_sms[abc123] received" (the time goes in front, in the reader's zone, and is rendered apart). */
export function eventSentence(event: MonitorEvent): string {
  return `Task ${event.name ?? "?"}[${event.taskId}] ${describeEvent(event)}`;
}

export type MonitorFilters = { type: string | null; name: string | null; worker: string | null };

/** Type and worker match exactly; name matches any part, ignoring case (names are long dotted paths). */
export function matchesFilters(event: MonitorEvent, filters: MonitorFilters, { ignoreType = false } = {}): boolean {
  if (!ignoreType && filters.type && event.type !== filters.type) return false;
  if (filters.worker && event.hostname !== filters.worker) return false;
  if (filters.name && !(event.name ?? "").toLowerCase().includes(filters.name.toLowerCase())) return false;
  return true;
}
