/**
 * Wall-clock time in an IANA zone, from the platform's time-zone database (Intl), so
 * crontabs can be evaluated the way Celery evaluates them: on the clock of the app's
 * `timezone`, not on UTC.
 */

export type WallClock = {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday, as Celery counts */
  weekday: number;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      weekday: "short",
      era: "short",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The wall clock in `timeZone` at an instant (milliseconds since the epoch). */
export function toWallClock(instantMs: number, timeZone: string): WallClock {
  if (timeZone === "UTC") {
    // the common case needs no time-zone database
    const d = new Date(instantMs);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      weekday: d.getUTCDay(),
    };
  }
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instantMs))) parts[part.type] = part.value;
  const year = Number(parts.year);
  return {
    year: parts.era === "BC" ? 1 - year : year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? ""] ?? 0,
  };
}

/** The wall clock read as if it were UTC: a number to do calendar arithmetic on. */
export function wallAsUtcMs(wall: Omit<WallClock, "weekday">): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second, 0);
  return date.getTime();
}

/** UTC offset of `timeZone` at an instant, in milliseconds (east positive). */
export function offsetMs(instantMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return wallAsUtcMs(toWallClock(wholeSecond, timeZone)) - wholeSecond;
}

const DAY_MS = 86_400_000;

/**
 * The instant a wall-clock time denotes in `timeZone`, resolved like Python's zoneinfo with
 * `fold=0` (what Celery's aware datetimes do): a time that occurs twice when clocks go back
 * is the first occurrence; a time skipped when clocks go forward is read with the offset
 * from before the change, so 02:30 on a spring-forward night in Paris is 03:30 CEST.
 */
export function fromWallClock(wall: Omit<WallClock, "weekday">, timeZone: string): number {
  const local = wallAsUtcMs(wall);
  if (timeZone === "UTC") return local;
  const before = offsetMs(local - DAY_MS, timeZone);
  const after = offsetMs(local + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])].map((offset) => local - offset).filter((instant) => offsetMs(instant, timeZone) === local - instant);
  if (candidates.length > 0) return Math.min(...candidates);
  return local - before;
}
