/**
 * Celery beat schedules in pure TypeScript: crontab/interval/solar parsing with Celery's
 * semantics, next-run computation on the app's time zone, and the schedule in words.
 */
export { crontab, nextCrontabRun, type CronFieldSpec, type CrontabFields, type CrontabSchedule } from "./crontab";
export { CrontabParseError, DOMAINS, expandCronspec, parseCronField, type FieldDomain } from "./crontab-parser";
export { crontabSpecText, describeCrontab, describeSchedule, describeSeconds } from "./describe";
export {
  calendarRuns,
  isCalendarSchedule,
  nextCalendarRun,
  nextIntervalRun,
  typicalPeriodMs,
  upcomingRuns,
  type ClockedSchedule,
  type IntervalSchedule,
  type Schedule,
  type UnknownSchedule,
} from "./schedule";
export { parseScheduleValue } from "./schedule-repr";
export { isSolarEvent, nextSolarRun, SOLAR_EVENTS, type SolarEvent, type SolarSchedule } from "./solar";
export { fromWallClock, isValidTimeZone, offsetMs, toWallClock, type WallClock } from "./zoned-time";
