import type { Settings } from "@/lib/config/settings";
import { SERIES_IDLE_SECONDS } from "@/lib/repositories/event-totals";
import type { TaskCounts } from "@/lib/repositories/task-retention";

/**
 * What Bloom keeps (ages in seconds, null = keep forever):
 *
 * 1. Tasks by age of `first_seen_at` (when Bloom first heard of the task; unlike received_at
 *    it is never null): FAILURE tasks older than `failedTaskMaxAge`, all other tasks (any
 *    state, including ones stuck in STARTED or RETRY) older than `taskMaxAge`. Failures get
 *    their own, longer age because they are what people come back to look at.
 * 2. Then the cap: if more than `maxTasks` tasks remain, the oldest non-FAILURE tasks go
 *    first; failures are deleted (oldest first) only when they alone exceed the cap.
 * 3. A task's timeline rows (task_events) go with it.
 * 4. Workers that have been offline for longer than `workerOfflineMaxAge`.
 * 5. Housekeeping: per-minute rollups (dashboards' history), queue depth samples and dead
 *    letters, each by its own fixed age; the audit log, alert history and the alert delivery
 *    log by the ages the operator sets (BLOOM_AUDIT_MAX_AGE, BLOOM_ALERT_HISTORY_MAX_AGE,
 *    BLOOM_ALERT_DELIVERY_MAX_AGE). Deliveries still pending are never purged: that table
 *    is also the outbox the sender works from.
 * 6. /metrics counter rows (event_totals: worker × task × event type) not updated for longer
 *    than `taskMaxAge`, and never sooner than /metrics stops listing them (7 days), so a
 *    counter Prometheus still scrapes never goes back to zero. Kept forever when tasks are.
 *
 * celery: Flower (and celery.events.state) keeps `max_tasks` tasks in memory and evicts the
 * least recently used whatever their state; Bloom keeps failures preferentially instead.
 */
export type RetentionPolicy = Settings["retention"] & HousekeepingAges;

export type HousekeepingAges = {
  rollupMaxAge: number | null;
  queueSampleMaxAge: number | null;
  deadLetterMaxAge: number | null;
} & Settings["housekeeping"];

const DAY = 86_400;

/** The settings' defaults too (lib/config/settings.ts), for callers that pass none. */
export const DEFAULT_HOUSEKEEPING: HousekeepingAges = {
  rollupMaxAge: 90 * DAY,
  queueSampleMaxAge: 7 * DAY,
  deadLetterMaxAge: 7 * DAY,
  auditMaxAge: 365 * DAY,
  alertHistoryMaxAge: 90 * DAY,
  alertDeliveryMaxAge: 90 * DAY,
};

/** Rows older than the returned time (epoch seconds) go; null when the rule is off. */
export function ageCutoff(nowSeconds: number, maxAgeSeconds: number | null): number | null {
  return maxAgeSeconds === null ? null : nowSeconds - maxAgeSeconds;
}

/** Rule 6: how long a counter row may stay idle (seconds); null when tasks are kept forever. */
export function eventTotalsMaxAge(taskMaxAge: number | null): number | null {
  return taskMaxAge === null ? null : Math.max(taskMaxAge, SERIES_IDLE_SECONDS);
}

/** How many of each kind the cap removes (rule 2), from counts taken after the age rules. */
export function capExcess(counts: TaskCounts, maxTasks: number | null): { others: number; failures: number } {
  if (maxTasks === null) return { others: 0, failures: 0 };
  const excess = Math.max(0, counts.total - maxTasks);
  const others = Math.min(excess, Math.max(0, counts.total - counts.failures));
  return { others, failures: excess - others };
}
