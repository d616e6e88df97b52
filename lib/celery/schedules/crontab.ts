import { DOMAINS, expandCronspec } from "./crontab-parser";
import { fromWallClock, toWallClock, wallAsUtcMs } from "./zoned-time";

/** A field as given: Celery's own text, or the numbers of a list/int spec. */
export type CronFieldSpec = string | number | readonly number[];

export type CrontabFields = {
  minute: CronFieldSpec;
  hour: CronFieldSpec;
  dayOfWeek: CronFieldSpec;
  dayOfMonth: CronFieldSpec;
  monthOfYear: CronFieldSpec;
};

export type CrontabSchedule = {
  kind: "crontab";
  /** the fields as written, for display ("*\/5", "mon-fri") */
  spec: { minute: string; hour: string; dayOfWeek: string; dayOfMonth: string; monthOfYear: string };
  minutes: number[];
  hours: number[];
  /** 0 = Sunday (Celery's numbering) */
  daysOfWeek: number[];
  daysOfMonth: number[];
  monthsOfYear: number[];
};

function specText(spec: CronFieldSpec): string {
  if (typeof spec === "string") return spec.trim();
  if (typeof spec === "number") return String(spec);
  return (spec as readonly number[]).join(",");
}

/** Builds a crontab the way `celery.schedules.crontab(...)` does; throws CrontabParseError. */
export function crontab(fields: Partial<CrontabFields> = {}): CrontabSchedule {
  const { minute = "*", hour = "*", dayOfWeek = "*", dayOfMonth = "*", monthOfYear = "*" } = fields;
  return {
    kind: "crontab",
    spec: { minute: specText(minute), hour: specText(hour), dayOfWeek: specText(dayOfWeek), dayOfMonth: specText(dayOfMonth), monthOfYear: specText(monthOfYear) },
    minutes: expandCronspec(minute, DOMAINS.minute),
    hours: expandCronspec(hour, DOMAINS.hour),
    daysOfWeek: expandCronspec(dayOfWeek, DOMAINS.dayOfWeek),
    daysOfMonth: expandCronspec(dayOfMonth, DOMAINS.dayOfMonth),
    monthsOfYear: expandCronspec(monthOfYear, DOMAINS.monthOfYear),
  };
}

const MINUTE_MS = 60_000;
/** Celery gives up after 2000 month roll-overs; 400 years is one whole Gregorian cycle. */
const SEARCH_YEARS = 400;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weekdayOf(year: number, month: number, day: number): number {
  return new Date(wallAsUtcMs({ year, month, day, hour: 0, minute: 0, second: 0 })).getUTCDay();
}

/**
 * The first run strictly after `afterMs` (epoch ms), evaluated on the wall clock of
 * `timeZone`, or null when the fields can never match (31 April): what Celery's
 * `crontab.remaining_estimate(last_run_at)` points at.
 *
 * A day runs when its month, day of month *and* weekday all match (Celery's rule, unlike
 * cron(8)'s OR of day-of-month and day-of-week). Runs are whole minutes.
 *
 * celery: around DST changes Bloom uses plain wall-clock semantics (zoneinfo, fold=0): a
 * skipped time runs an hour later in the new offset, a repeated hour runs once (the first
 * time). Celery 5.2 with pytz can drift by the change's hour on the run that crosses it.
 */
export function nextCrontabRun(schedule: CrontabSchedule, afterMs: number, timeZone: string): number | null {
  const start = toWallClock(afterMs, timeZone);
  // first minute boundary after the minute that contains `afterMs`
  let cursor = wallAsUtcMs({ ...start, second: 0 }) + MINUTE_MS;
  const months = new Set(schedule.monthsOfYear);
  const days = new Set(schedule.daysOfMonth);
  const weekdays = new Set(schedule.daysOfWeek);
  const limitYear = start.year + SEARCH_YEARS;
  while (true) {
    const c = new Date(cursor);
    const year = c.getUTCFullYear();
    if (year > limitYear) return null;
    const month = c.getUTCMonth() + 1;
    const day = c.getUTCDate();
    if (!months.has(month)) {
      cursor = Date.UTC(year, month, 1); // first of the next month
      continue;
    }
    if (day > daysInMonth(year, month) || !days.has(day) || !weekdays.has(weekdayOf(year, month, day))) {
      cursor = Date.UTC(year, month - 1, day + 1);
      continue;
    }
    const found = firstTimeOfDay(schedule, c.getUTCHours(), c.getUTCMinutes());
    if (found === null) {
      cursor = Date.UTC(year, month - 1, day + 1);
      continue;
    }
    const instant = fromWallClock({ year, month, day, hour: found.hour, minute: found.minute, second: 0 }, timeZone);
    // A wall time inside a repeated hour can map to an instant we already passed.
    if (instant > afterMs) return instant;
    cursor = Date.UTC(year, month - 1, day, found.hour, found.minute) + MINUTE_MS;
  }
}

function firstTimeOfDay(schedule: CrontabSchedule, fromHour: number, fromMinute: number): { hour: number; minute: number } | null {
  for (const hour of schedule.hours) {
    if (hour < fromHour) continue;
    const minute = hour === fromHour ? schedule.minutes.find((m) => m >= fromMinute) : schedule.minutes[0];
    if (minute !== undefined) return { hour, minute };
  }
  return null;
}
