import { nextCrontabRun, type CrontabSchedule } from "./crontab";
import { nextSolarRun, type SolarSchedule } from "./solar";
import { fromWallClock, toWallClock } from "./zoned-time";

/** `celery.schedules.schedule`: every `seconds`, counted from the last run. */
export type IntervalSchedule = {
  kind: "interval";
  seconds: number;
  /** Celery's `relative=True`: the next run is rounded down to the interval's resolution (day, hour, minute) */
  relative: boolean;
};

/** django-celery-beat's `clocked`: one run at a fixed instant. */
export type ClockedSchedule = { kind: "clocked"; at: number };

/** A schedule Bloom cannot evaluate (a custom class, RedBeat's rrule): shown as written. */
export type UnknownSchedule = { kind: "unknown"; text: string };

export type Schedule = IntervalSchedule | CrontabSchedule | SolarSchedule | ClockedSchedule | UnknownSchedule;

/** Schedules whose run times are fixed by the calendar, not by the previous run. */
export function isCalendarSchedule(schedule: Schedule): schedule is CrontabSchedule | SolarSchedule | ClockedSchedule {
  return schedule.kind === "crontab" || schedule.kind === "solar" || schedule.kind === "clocked";
}

/**
 * celery.utils.time.delta_resolution: with `relative`, a run due at 10:17:42 of an hourly
 * schedule is rounded down to 10:00:00 (on the app's clock).
 */
function roundToResolution(instantMs: number, seconds: number, timeZone: string): number {
  const wall = toWallClock(instantMs, timeZone);
  if (seconds / 86_400 >= 1) return fromWallClock({ ...wall, hour: 0, minute: 0, second: 0 }, timeZone);
  if (seconds / 3600 >= 1) return fromWallClock({ ...wall, minute: 0, second: 0 }, timeZone);
  if (seconds / 60 >= 1) return fromWallClock({ ...wall, second: 0 }, timeZone);
  return instantMs;
}

/** When an interval entry that last ran at `lastRunMs` is due again (celery.utils.time.remaining). */
export function nextIntervalRun(schedule: IntervalSchedule, lastRunMs: number, timeZone: string): number {
  const due = lastRunMs + schedule.seconds * 1000;
  return schedule.relative ? roundToResolution(due, schedule.seconds, timeZone) : due;
}

/**
 * The next run of a calendar schedule strictly after `afterMs`; null when there is none
 * (a crontab that never matches, a clocked time in the past, an unknown schedule). Interval
 * schedules depend on the last run: use nextIntervalRun.
 */
export function nextCalendarRun(schedule: Schedule, afterMs: number, timeZone: string): number | null {
  switch (schedule.kind) {
    case "crontab":
      return nextCrontabRun(schedule, afterMs, timeZone);
    case "solar":
      return nextSolarRun(schedule, afterMs);
    case "clocked":
      return schedule.at > afterMs ? schedule.at : null;
    default:
      return null;
  }
}

/** Up to `count` calendar runs after `afterMs`, and never past `untilMs`. */
export function calendarRuns(schedule: Schedule, afterMs: number, timeZone: string, count: number, untilMs = Number.POSITIVE_INFINITY): number[] {
  const runs: number[] = [];
  let cursor = afterMs;
  while (runs.length < count) {
    const next = nextCalendarRun(schedule, cursor, timeZone);
    if (next === null || next > untilMs) break;
    runs.push(next);
    cursor = next;
  }
  return runs;
}

/**
 * The next `count` runs as beat would send them: calendar schedules from the calendar;
 * intervals from the last run (unknown without one: beat counts from its own start).
 */
export function upcomingRuns(schedule: Schedule, options: { nowMs: number; lastRunMs: number | null; timeZone: string; count: number }): number[] {
  const { nowMs, lastRunMs, timeZone, count } = options;
  if (schedule.kind !== "interval") return calendarRuns(schedule, nowMs, timeZone, count);
  if (lastRunMs === null || schedule.seconds <= 0) return [];
  const runs: number[] = [];
  let last = lastRunMs;
  while (runs.length < count) {
    const next = nextIntervalRun(schedule, last, timeZone);
    // Overdue runs are sent at once when beat next ticks; list them from now on.
    runs.push(Math.max(next, nowMs));
    last = Math.max(next, nowMs);
  }
  return runs;
}

/** The typical gap between runs, milliseconds (tolerances scale with it); null when unknown. */
export function typicalPeriodMs(schedule: Schedule, nowMs: number, timeZone: string): number | null {
  if (schedule.kind === "interval") return schedule.seconds > 0 ? schedule.seconds * 1000 : null;
  const runs = calendarRuns(schedule, nowMs, timeZone, 3);
  if (runs.length < 2) return null;
  const [a = 0, b = 0] = runs;
  return b - a;
}
