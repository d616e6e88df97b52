import { z } from "zod";
import type { JsonValue } from "@/lib/celery/json-value";
import { crontab, CrontabParseError, isSolarEvent, isValidTimeZone, type Schedule } from "@/lib/celery/schedules";
import { entryId, type BeatEntry } from "./beat-entry";

/**
 * django-celery-beat's rows, as `django_celery_beat/models.py` defines them (migrations
 * 0001–0019): one `periodictask` row per entry pointing at exactly one of an interval,
 * crontab, solar or clocked schedule row. args/kwargs/headers are JSON in text columns.
 * Columns added by later migrations (headers, priority, one_off, start_time,
 * expire_seconds, clocked_id) read as null on older schemas.
 */
export const djangoRow = z.object({
  id: z.coerce.number().int(),
  name: z.string(),
  task: z.string(),
  args: z.string().nullable(),
  kwargs: z.string().nullable(),
  queue: z.string().nullable(),
  exchange: z.string().nullable(),
  routing_key: z.string().nullable(),
  headers: z.string().nullable(),
  priority: z.coerce.number().int().nullable(),
  expires: z.date().nullable(),
  expire_seconds: z.coerce.number().int().nullable(),
  one_off: z.boolean().nullable(),
  start_time: z.date().nullable(),
  enabled: z.boolean(),
  last_run_at: z.date().nullable(),
  total_run_count: z.coerce.number().int(),
  description: z.string().nullable(),
  every: z.coerce.number().int().nullable(),
  period: z.string().nullable(),
  minute: z.string().nullable(),
  hour: z.string().nullable(),
  day_of_week: z.string().nullable(),
  day_of_month: z.string().nullable(),
  month_of_year: z.string().nullable(),
  timezone: z.string().nullable(),
  event: z.string().nullable(),
  // numeric(9,6) arrives as text from pg
  latitude: z.coerce.number().nullable(),
  longitude: z.coerce.number().nullable(),
  clocked_time: z.date().nullable(),
});
export type DjangoRow = z.infer<typeof djangoRow>;

const PERIOD_SECONDS: Record<string, number> = { days: 86_400, hours: 3600, minutes: 60, seconds: 1, microseconds: 1e-6 };

function jsonText(text: string | null, fallback: JsonValue): JsonValue {
  if (text === null || text.trim() === "") return fallback;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return fallback;
  }
}

function scheduleOf(row: DjangoRow): { schedule: Schedule; timeZone: string | null; note: string | null } {
  if (row.every !== null && row.period !== null) {
    const unit = PERIOD_SECONDS[row.period];
    if (unit === undefined) return { schedule: { kind: "unknown", text: `every ${row.every} ${row.period}` }, timeZone: null, note: null };
    return { schedule: { kind: "interval", seconds: row.every * unit, relative: false }, timeZone: null, note: null };
  }
  if (row.minute !== null) {
    const zone = row.timezone?.trim() || "UTC";
    const valid = isValidTimeZone(zone);
    const fields = { minute: row.minute, hour: row.hour ?? "*", dayOfWeek: row.day_of_week ?? "*", dayOfMonth: row.day_of_month ?? "*", monthOfYear: row.month_of_year ?? "*" };
    try {
      return { schedule: crontab(fields), timeZone: valid ? zone : "UTC", note: valid ? null : `unknown timezone "${zone}": shown as UTC` };
    } catch (error) {
      if (!(error instanceof CrontabParseError)) throw error;
      const text = `${fields.minute} ${fields.hour} ${fields.dayOfMonth} ${fields.monthOfYear} ${fields.dayOfWeek} (m/h/dM/MY/d): ${error.message}`;
      return { schedule: { kind: "unknown", text }, timeZone: null, note: null };
    }
  }
  if (row.event !== null && row.latitude !== null && row.longitude !== null) {
    return isSolarEvent(row.event)
      ? { schedule: { kind: "solar", event: row.event, latitude: row.latitude, longitude: row.longitude }, timeZone: null, note: null }
      : { schedule: { kind: "unknown", text: `solar ${row.event}` }, timeZone: null, note: null };
  }
  if (row.clocked_time !== null) return { schedule: { kind: "clocked", at: row.clocked_time.getTime() }, timeZone: null, note: null };
  return { schedule: { kind: "unknown", text: "no schedule" }, timeZone: null, note: null };
}

/**
 * The entry beat builds from a row (django_celery_beat/schedulers.py ModelEntry): options
 * queue/exchange/routing_key/priority when set, expires (a datetime or expire_seconds), and
 * headers with `periodic_task_name` added. Interval and solar schedules do not depend on a
 * zone; crontabs run on their own `timezone` column (TzAwareCrontab).
 */
export function entryFromDjangoRow(row: DjangoRow, appZone: { timeZone: string; note: string | null }, database: string): BeatEntry {
  const { schedule, timeZone, note } = scheduleOf(row);
  const options: Record<string, JsonValue> = {};
  if (row.queue) options.queue = row.queue;
  if (row.exchange) options.exchange = row.exchange;
  if (row.routing_key) options.routing_key = row.routing_key;
  if (row.priority !== null) options.priority = row.priority;
  if (row.expires) options.expires = row.expires.toISOString();
  else if (row.expire_seconds !== null) options.expires = row.expire_seconds;
  const headers = jsonText(row.headers, {});
  options.headers = { ...(headers !== null && typeof headers === "object" && !Array.isArray(headers) ? headers : {}), periodic_task_name: row.name };
  const args = jsonText(row.args, []);
  const kwargs = jsonText(row.kwargs, {});
  return {
    id: entryId("django", row.name),
    source: "django",
    name: row.name,
    task: row.task,
    schedule,
    timeZone: timeZone ?? appZone.timeZone,
    timeZoneNote: timeZone ? note : appZone.note,
    args: Array.isArray(args) ? args : [],
    kwargs: kwargs !== null && typeof kwargs === "object" && !Array.isArray(kwargs) ? kwargs : {},
    options,
    enabled: row.enabled,
    lastRunAt: row.last_run_at?.getTime() ?? null,
    totalRunCount: row.total_run_count,
    dueAt: null,
    reportedBy: [database],
    description: row.description?.trim() ? row.description : null,
    oneOff: row.one_off ?? false,
    startTime: row.start_time?.getTime() ?? null,
    expiresAt: row.expires?.getTime() ?? null,
    djangoId: row.id,
  };
}
