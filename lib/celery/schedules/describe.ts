import type { CrontabSchedule } from "./crontab";
import { DOMAINS } from "./crontab-parser";
import type { Schedule } from "./schedule";

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** "every 10 s", "every 5 min", "every 2 h", "every day", "every 3 days". */
export function describeSeconds(seconds: number): string {
  if (seconds <= 0) return "continuously";
  const round = (n: number) => Math.round(n * 100) / 100;
  if (seconds % 86_400 === 0) return seconds === 86_400 ? "every day" : `every ${plural(seconds / 86_400, "day")}`;
  if (seconds % 3600 === 0) return `every ${seconds / 3600} h`;
  if (seconds % 60 === 0) return `every ${seconds / 60} min`;
  return `every ${round(seconds)} s`;
}

const pad = (n: number) => String(n).padStart(2, "0");

function isAll(values: readonly number[], domain: { size: number }): boolean {
  return values.length === domain.size;
}

/** Consecutive runs of numbers as "1–5", single values as they are. */
function compactList(values: readonly number[], name: (n: number) => string = String): string {
  const parts: string[] = [];
  let i = 0;
  while (i < values.length) {
    let j = i;
    while (j + 1 < values.length && (values[j + 1] ?? 0) === (values[j] ?? 0) + 1) j++;
    const first = values[i] ?? 0;
    const last = values[j] ?? 0;
    if (j - i >= 2) parts.push(`${name(first)}–${name(last)}`);
    else for (let k = i; k <= j; k++) parts.push(name(values[k] ?? 0));
    i = j + 1;
  }
  return parts.join(", ");
}

/** A constant step from the first value covering the domain: "*\/15" style. */
function everyStep(values: readonly number[], domain: { size: number; min: number }): number | null {
  if (values.length < 2 || values[0] !== domain.min) return null;
  const step = (values[1] ?? 0) - (values[0] ?? 0);
  const expected = Math.ceil(domain.size / step);
  return values.length === expected && values.every((v, i) => v === domain.min + i * step) ? step : null;
}

function dayPart(c: CrontabSchedule): string {
  const parts: string[] = [];
  const allWeek = isAll(c.daysOfWeek, DOMAINS.dayOfWeek);
  const allMonthDays = isAll(c.daysOfMonth, DOMAINS.dayOfMonth);
  const allMonths = isAll(c.monthsOfYear, DOMAINS.monthOfYear);
  if (!allWeek) {
    const weekdays = c.daysOfWeek.length === 5 && c.daysOfWeek.join() === "1,2,3,4,5";
    parts.push(weekdays ? "on weekdays" : `on ${compactList(c.daysOfWeek, (d) => DAY_NAMES[d] ?? String(d))}`);
  }
  if (!allMonthDays) parts.push(`on day ${compactList(c.daysOfMonth)} of the month`);
  if (!allMonths) parts.push(`in ${compactList(c.monthsOfYear, (m) => MONTH_NAMES[m - 1] ?? String(m))}`);
  if (parts.length === 0) return "every day";
  return parts.join(", ");
}

/** Celery crontab in words: "every minute", "every 5 min", "at 02:00 every day", "at :15 every hour on weekdays". */
export function describeCrontab(c: CrontabSchedule): string {
  const allMinutes = isAll(c.minutes, DOMAINS.minute);
  const allHours = isAll(c.hours, DOMAINS.hour);
  const days = dayPart(c);
  const onDays = days === "every day" ? "" : ` ${days}`;
  if (allMinutes && allHours) return `every minute${onDays}`;
  const minuteStep = everyStep(c.minutes, DOMAINS.minute);
  if (allHours && minuteStep !== null) return `every ${minuteStep} min${onDays}`;
  if (allHours) return `at minute ${compactList(c.minutes)} of every hour${onDays}`;
  if (allMinutes) return `every minute during hour ${compactList(c.hours)}${onDays ? onDays : ""}`;
  const hourStep = everyStep(c.hours, DOMAINS.hour);
  if (hourStep !== null && c.minutes.length === 1) return `every ${hourStep} h at :${pad(c.minutes[0] ?? 0)}${onDays}`;
  if (c.hours.length * c.minutes.length <= 4) {
    const times = c.hours.flatMap((h) => c.minutes.map((m) => `${pad(h)}:${pad(m)}`));
    return `at ${times.join(", ")} ${days}`;
  }
  return `at minute ${compactList(c.minutes)} of hour ${compactList(c.hours)} ${days}`;
}

const SOLAR_WORDS: Record<string, string> = {
  dawn_astronomical: "astronomical dawn",
  dawn_nautical: "nautical dawn",
  dawn_civil: "civil dawn",
  sunrise: "sunrise",
  solar_noon: "solar noon",
  sunset: "sunset",
  dusk_civil: "civil dusk",
  dusk_nautical: "nautical dusk",
  dusk_astronomical: "astronomical dusk",
};

/** The schedule in words, for the table; the exact spec is shown beside it. */
export function describeSchedule(schedule: Schedule): string {
  switch (schedule.kind) {
    case "interval":
      return describeSeconds(schedule.seconds) + (schedule.relative ? " (aligned)" : "");
    case "crontab":
      return describeCrontab(schedule);
    case "solar":
      return `at ${SOLAR_WORDS[schedule.event] ?? schedule.event} (${schedule.latitude}, ${schedule.longitude})`;
    case "clocked":
      return `once at ${new Date(schedule.at).toISOString().slice(0, 16).replace("T", " ")} UTC`;
    case "unknown":
      return schedule.text;
  }
}

/** The crontab as Celery prints it (its field order: m h dow dom moy). */
export function crontabSpecText(c: CrontabSchedule): string {
  const s = c.spec;
  return `${s.minute} ${s.hour} ${s.dayOfWeek} ${s.dayOfMonth} ${s.monthOfYear} (m/h/d/dM/MY)`;
}
