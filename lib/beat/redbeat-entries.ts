import { z } from "zod";
import type { JsonValue } from "@/lib/celery/json-value";
import { crontab, CrontabParseError, fromWallClock, isValidTimeZone, type Schedule } from "@/lib/celery/schedules";
import { entryId, type BeatEntry } from "./beat-entry";

/**
 * RedBeat's entries (redbeat/schedulers.py, redbeat/decoder.py): a hash at
 * `<prefix><name>` (prefix `redbeat:` by default) with two JSON fields,
 *
 * - `definition`: `{name, task, args, kwargs, options, enabled, schedule}` where schedule is
 *   `{"__type__": "interval", "every": <seconds>, "relative": bool}`,
 *   `{"__type__": "crontab", "minute", "hour", "day_of_week", "day_of_month", "month_of_year"}`
 *   (each field as given to celery's crontab: a string, a number or a list) or an `rrule`;
 * - `meta`: `{"last_run_at": <datetime>, "total_run_count": n}`, a datetime being
 *   `{"__type__": "datetime", year, month, day, hour, minute, second, microsecond, timezone}`
 *   with `timezone` a zone name ("UTC", "Europe/Paris") or an offset in seconds;
 *
 * and a sorted set `<prefix>:schedule` scoring each key by its next due time (UTC seconds;
 * a negative score means never).
 */

const datetimeJson = z.object({
  __type__: z.literal("datetime"),
  year: z.number().int(),
  month: z.number().int(),
  day: z.number().int(),
  hour: z.number().int().default(0),
  minute: z.number().int().default(0),
  second: z.number().int().default(0),
  microsecond: z.number().int().default(0),
  timezone: z.union([z.string(), z.number()]).default("UTC"),
});

const cronField = z.union([z.string(), z.number().int(), z.array(z.number().int())]);

const scheduleJson = z.union([
  z.object({ __type__: z.literal("interval"), every: z.number(), relative: z.boolean().default(false) }),
  z.looseObject({
    __type__: z.literal("crontab"),
    minute: cronField.default("*"),
    hour: cronField.default("*"),
    day_of_week: cronField.default("*"),
    day_of_month: cronField.default("*"),
    month_of_year: cronField.default("*"),
  }),
  z.looseObject({ __type__: z.string() }),
]);

const definitionJson = z.looseObject({
  name: z.string().optional(),
  task: z.string(),
  schedule: scheduleJson,
  args: z.array(z.unknown()).nullish(),
  kwargs: z.record(z.string(), z.unknown()).nullish(),
  options: z.record(z.string(), z.unknown()).nullish(),
  enabled: z.boolean().default(true),
});

const metaJson = z.looseObject({
  last_run_at: datetimeJson.nullish(),
  total_run_count: z.number().int().nullish(),
});

export type RedBeatRecord = { key: string; definition: string | null; meta: string | null; score: number | null };

export function decodeRedBeatDatetime(value: z.infer<typeof datetimeJson>): number {
  const wall = { year: value.year, month: value.month, day: value.day, hour: value.hour, minute: value.minute, second: value.second };
  const fraction = Math.floor(value.microsecond / 1000);
  if (typeof value.timezone === "number") return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) + fraction - value.timezone * 1000;
  const zone = isValidTimeZone(value.timezone) ? value.timezone : "UTC";
  return fromWallClock(wall, zone) + fraction;
}

function scheduleOf(schedule: z.infer<typeof scheduleJson>): Schedule {
  if (schedule.__type__ === "interval" && "every" in schedule && typeof schedule.every === "number") {
    return { kind: "interval", seconds: schedule.every, relative: Boolean(schedule.relative) };
  }
  if (schedule.__type__ === "crontab") {
    const c = schedule as { minute: z.infer<typeof cronField>; hour: z.infer<typeof cronField>; day_of_week: z.infer<typeof cronField>; day_of_month: z.infer<typeof cronField>; month_of_year: z.infer<typeof cronField> };
    try {
      return crontab({ minute: c.minute, hour: c.hour, dayOfWeek: c.day_of_week, dayOfMonth: c.day_of_month, monthOfYear: c.month_of_year });
    } catch (error) {
      if (!(error instanceof CrontabParseError)) throw error;
      return { kind: "unknown", text: `crontab ${JSON.stringify(schedule)}: ${error.message}` };
    }
  }
  return { kind: "unknown", text: `${schedule.__type__} ${JSON.stringify(schedule)}` };
}

/** One RedBeat key as an entry; null when its definition is missing or unreadable. */
export function entryFromRedBeat(record: RedBeatRecord, prefix: string, appZone: { timeZone: string; note: string | null }, redisLabel: string): BeatEntry | null {
  if (record.definition === null) return null;
  let definition: z.infer<typeof definitionJson>;
  try {
    const parsed = definitionJson.safeParse(JSON.parse(record.definition));
    if (!parsed.success) return null;
    definition = parsed.data;
  } catch {
    return null;
  }
  let meta: z.infer<typeof metaJson> = {};
  if (record.meta !== null) {
    try {
      const parsed = metaJson.safeParse(JSON.parse(record.meta));
      if (parsed.success) meta = parsed.data;
    } catch {
      // an unreadable meta is just "never ran" to RedBeat too (decode_meta)
    }
  }
  const name = definition.name ?? record.key.slice(prefix.length);
  return {
    id: entryId("redbeat", name),
    source: "redbeat",
    name,
    task: definition.task,
    schedule: scheduleOf(definition.schedule),
    timeZone: appZone.timeZone,
    timeZoneNote: appZone.note,
    args: (definition.args ?? []) as JsonValue[],
    kwargs: (definition.kwargs ?? {}) as Record<string, JsonValue>,
    options: (definition.options ?? {}) as Record<string, JsonValue>,
    enabled: definition.enabled,
    lastRunAt: meta.last_run_at ? decodeRedBeatDatetime(meta.last_run_at) : null,
    totalRunCount: meta.total_run_count ?? null,
    dueAt: record.score !== null && record.score >= 0 ? Math.round(record.score * 1000) : null,
    reportedBy: [redisLabel],
    description: null,
    oneOff: false,
    startTime: null,
    expiresAt: null,
    djangoId: null,
  };
}
