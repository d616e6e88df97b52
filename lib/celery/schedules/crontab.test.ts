import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { crontab, nextCrontabRun, type CrontabFields } from "./crontab";
import { calendarRuns } from "./schedule";
import { offsetMs } from "./zoned-time";

/** Naive datetimes of Celery's tests are UTC (the test app's timezone). */
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Celery's helper: next_occurrence(crontab, now) = now + crontab.remaining_estimate(now). */
function next(fields: Partial<CrontabFields>, after: number, timeZone = "UTC") {
  return iso(nextCrontabRun(crontab(fields), after, timeZone));
}

describe("next crontab run: Celery's test_crontab_remaining_estimate", () => {
  const now = utc(2010, 9, 11, 14, 30, 15);
  it.each([
    ["next minute", {}, now, utc(2010, 9, 11, 14, 31)],
    ["not next minute", {}, utc(2010, 9, 11, 14, 59, 15), utc(2010, 9, 11, 15, 0)],
    ["this hour", { minute: [5, 42] }, now, utc(2010, 9, 11, 14, 42)],
    ["not this hour", { minute: [5, 10, 15] }, now, utc(2010, 9, 11, 15, 5)],
    ["today", { minute: [5, 42], hour: [12, 17] }, now, utc(2010, 9, 11, 17, 5)],
    ["not today", { minute: [5, 42], hour: [12] }, now, utc(2010, 9, 12, 12, 5)],
    ["weekday", { minute: 30, hour: 14, dayOfWeek: "sat" }, now, utc(2010, 9, 18, 14, 30)],
    ["not weekday", { minute: [5, 42], dayOfWeek: "mon-fri" }, now, utc(2010, 9, 13, 0, 5)],
    ["month and year", { minute: 30, hour: 14, monthOfYear: "oct", dayOfMonth: 18 }, now, utc(2010, 10, 18, 14, 30)],
    ["not month and year", { minute: [5, 42], monthOfYear: "nov-dec", dayOfMonth: 13 }, now, utc(2010, 11, 13, 0, 5)],
    ["month day", { minute: 30, hour: 14, dayOfMonth: 18 }, now, utc(2010, 9, 18, 14, 30)],
    ["not month day", { minute: [5, 42], dayOfMonth: 29 }, utc(2010, 1, 22, 14, 30, 15), utc(2010, 1, 29, 0, 5)],
    ["weekday and month day", { minute: 30, hour: 14, dayOfWeek: "mon", dayOfMonth: 18 }, utc(2010, 1, 18, 14, 30, 15), utc(2010, 10, 18, 14, 30)],
    ["month day, not weekday", { minute: [5, 42], dayOfWeek: "sat", dayOfMonth: 29 }, utc(2010, 1, 29, 0, 5, 15), utc(2010, 5, 29, 0, 5)],
    ["weekday, not month day", { minute: [5, 42], dayOfWeek: "mon", dayOfMonth: 18 }, utc(2010, 1, 11, 0, 5, 15), utc(2010, 1, 18, 0, 5)],
    ["neither weekday nor month day", { minute: [5, 42], dayOfWeek: "mon", dayOfMonth: 18 }, utc(2010, 1, 10, 0, 5, 15), utc(2010, 1, 18, 0, 5)],
    ["leap day", { minute: 30, hour: 14, dayOfMonth: 29 }, utc(2012, 1, 29, 14, 30, 15), utc(2012, 2, 29, 14, 30)],
    ["no leap day", { minute: 30, hour: 14, dayOfMonth: 29 }, utc(2010, 1, 29, 14, 30, 15), utc(2010, 3, 29, 14, 30)],
    ["weekday, month day, year", { minute: 30, hour: 14, dayOfWeek: "fri", dayOfMonth: 29, monthOfYear: 1 }, utc(2010, 1, 22, 14, 30, 15), utc(2010, 1, 29, 14, 30)],
    ["month day and year, not weekday", { minute: [5, 42], dayOfWeek: "wed,thu", dayOfMonth: 29, monthOfYear: "1,4,7" }, utc(2010, 1, 29, 14, 30, 15), utc(2010, 4, 29, 0, 5)],
    ["weekday, month, year, not month day", { minute: 30, hour: 14, dayOfWeek: "fri", dayOfMonth: 29, monthOfYear: "1-10" }, utc(2010, 1, 29, 14, 30, 15), utc(2010, 10, 29, 14, 30)],
    ["weekday and month day, not month", { minute: [5, 42], dayOfWeek: "fri", dayOfMonth: 29, monthOfYear: "2-10" }, utc(2010, 1, 29, 14, 30, 15), utc(2010, 10, 29, 0, 5)],
    ["weekday, not month day nor year", { minute: [5, 42], dayOfWeek: "mon", dayOfMonth: 18, monthOfYear: "2-10" }, utc(2010, 1, 11, 0, 5, 15), utc(2010, 10, 18, 0, 5)],
    ["month day, not weekday nor month", { minute: [5, 42], dayOfWeek: "mon", dayOfMonth: 29, monthOfYear: "2-4" }, utc(2010, 1, 29, 0, 5, 15), utc(2010, 3, 29, 0, 5)],
    ["month, not weekday nor month day", { minute: [5, 42], dayOfWeek: "mon", dayOfMonth: 29, monthOfYear: "2-4" }, utc(2010, 2, 28, 0, 5, 15), utc(2010, 3, 29, 0, 5)],
    ["nothing matches yet", { minute: [5, 42], dayOfWeek: "fri,sat", dayOfMonth: 29, monthOfYear: "2-10" }, utc(2010, 1, 28, 14, 30, 15), utc(2010, 5, 29, 0, 5)],
    ["leap year", { minute: 30, hour: 14, dayOfMonth: 29, monthOfYear: 2 }, utc(2012, 2, 29, 14, 30), utc(2016, 2, 29, 14, 30)],
  ] as const)("%s", (_label, fields, after, expected) => {
    expect(next(fields as Partial<CrontabFields>, after)).toBe(iso(expected));
  });

  it("finds no run for a date that never exists (Celery raises RuntimeError)", () => {
    expect(nextCrontabRun(crontab({ dayOfMonth: 31, monthOfYear: 4 }), utc(2010, 1, 28, 14, 30, 15), "UTC")).toBeNull();
    expect(nextCrontabRun(crontab({ dayOfMonth: 30, monthOfYear: 2 }), utc(2010, 1, 28), "UTC")).toBeNull();
  });
});

describe("next crontab run: time zones and DST (Celery's #1604 and negative-offset tests)", () => {
  it("runs at 09:00 Paris time on the day clocks go back (offset +01:00)", () => {
    // last run 2017-10-28 09:00+02:00; next is 2017-10-29 09:00+01:00
    const lastRun = Date.parse("2017-10-28T09:00:00+02:00");
    const run = nextCrontabRun(crontab({ minute: 0, hour: 9 }), lastRun, "Europe/Paris");
    expect(iso(run)).toBe(new Date("2017-10-29T09:00:00+01:00").toISOString());
    expect(offsetMs(run ?? 0, "Europe/Paris")).toBe(3_600_000);
  });

  it("runs at 09:00 Paris time on the day clocks go forward (offset +02:00)", () => {
    const lastRun = Date.parse("2017-03-25T09:00:00+01:00");
    const run = nextCrontabRun(crontab({ minute: 0, hour: 9 }), lastRun, "Europe/Paris");
    expect(iso(run)).toBe(new Date("2017-03-26T09:00:00+02:00").toISOString());
    expect(offsetMs(run ?? 0, "Europe/Paris")).toBe(7_200_000);
  });

  it("evaluates day_of_month on the local date west of UTC (Los Angeles, -08:00)", () => {
    const lastRun = Date.parse("2023-01-28T23:00:00-08:00");
    expect(next({ minute: 0, dayOfMonth: "27-31" }, lastRun, "America/Los_Angeles")).toBe(new Date("2023-01-29T00:00:00-08:00").toISOString());
    // On UTC's calendar the same instant is already the 29th's morning; the local month end decides.
    expect(next({ minute: 0, hour: 23, dayOfMonth: 31 }, Date.parse("2023-01-31T20:00:00-08:00"), "America/Los_Angeles")).toBe(
      new Date("2023-01-31T23:00:00-08:00").toISOString(),
    );
  });

  it("runs a time skipped by spring-forward an hour later, once", () => {
    // 02:30 does not exist in Paris on 2024-03-31; zoneinfo (fold=0) reads it as 03:30 CEST
    const runs = calendarRuns(crontab({ minute: 30, hour: 2 }), Date.parse("2024-03-30T12:00:00Z"), "Europe/Paris", 3);
    expect(runs.map(iso)).toEqual(["2024-03-31T01:30:00.000Z", "2024-04-01T00:30:00.000Z", "2024-04-02T00:30:00.000Z"]);
  });

  it("runs a repeated wall-clock time once when clocks go back", () => {
    // 02:30 happens twice in Paris on 2024-10-27 (CEST, then CET): one run, at the first
    const runs = calendarRuns(crontab({ minute: 30, hour: 2 }), Date.parse("2024-10-26T12:00:00Z"), "Europe/Paris", 2);
    expect(runs.map(iso)).toEqual(["2024-10-27T00:30:00.000Z", "2024-10-28T01:30:00.000Z"]);
    // an hourly job: the repeated hour's :00 runs once, so that day has 24 runs, not 25
    const hourly = calendarRuns(crontab({ minute: 0 }), Date.parse("2024-10-26T22:00:00Z"), "Europe/Paris", 30, Date.parse("2024-10-27T23:00:00Z"));
    const wallHours = hourly.map((t) => new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", hour: "2-digit", hourCycle: "h23" }).format(t));
    expect(wallHours.filter((h) => h === "02")).toHaveLength(1);
    expect(new Set(wallHours).size).toBe(24);
  });

  it("keeps weekday edges on the local calendar (Sunday = 0, Saturday = 6)", () => {
    // 2024-06-01 is a Saturday. Asia/Tokyo (+09:00): Friday 20:00 UTC is already Saturday there.
    expect(next({ minute: 0, hour: 6, dayOfWeek: 6 }, Date.parse("2024-05-31T20:00:00Z"), "Asia/Tokyo")).toBe("2024-05-31T21:00:00.000Z");
    expect(next({ minute: 0, hour: 0, dayOfWeek: "sun" }, Date.parse("2024-06-01T23:59:59Z"), "UTC")).toBe("2024-06-02T00:00:00.000Z");
    expect(next({ minute: 0, hour: 0, dayOfWeek: "sat-sun" }, Date.parse("2024-06-02T00:00:00Z"), "UTC")).toBe("2024-06-08T00:00:00.000Z");
    expect(next({ minute: 0, hour: 0, dayOfWeek: "fri-mon" }, Date.parse("2024-06-04T00:00:00Z"), "UTC")).toBe("2024-06-07T00:00:00.000Z");
  });

  it("walks month ends: day 31 skips short months, Feb 29 waits for leap years", () => {
    const after = Date.parse("2024-01-31T12:00:00Z");
    expect(calendarRuns(crontab({ minute: 0, hour: 12, dayOfMonth: 31 }), after, "UTC", 3).map(iso)).toEqual([
      "2024-03-31T12:00:00.000Z",
      "2024-05-31T12:00:00.000Z",
      "2024-07-31T12:00:00.000Z",
    ]);
    expect(calendarRuns(crontab({ minute: 0, hour: 0, dayOfMonth: 29, monthOfYear: 2 }), after, "UTC", 3).map(iso)).toEqual([
      "2024-02-29T00:00:00.000Z",
      "2028-02-29T00:00:00.000Z",
      "2032-02-29T00:00:00.000Z",
    ]);
    expect(next({ minute: 59, hour: 23, dayOfMonth: 31, monthOfYear: 12 }, Date.parse("2023-12-31T23:59:00Z"))).toBe("2024-12-31T23:59:00.000Z");
  });
});

type CrontabCase = { fields: Record<string, unknown>; after: number; next: number; afterIso: string; nextIso: string };
const cases = (JSON.parse(readFileSync(new URL("./__fixtures__/schedule-cases.json", import.meta.url), "utf8")) as { crontab: CrontabCase[] }).crontab;

describe("next crontab run agrees with Celery 5.2 itself (schedule-cases.json)", () => {
  it.each(cases.map((c) => [`${JSON.stringify(c.fields)} after ${c.afterIso}`, c] as const))("%s", (_label, c) => {
    const f = c.fields as { minute?: CrontabFields["minute"]; hour?: CrontabFields["hour"]; day_of_week?: string; day_of_month?: CrontabFields["dayOfMonth"]; month_of_year?: CrontabFields["monthOfYear"] };
    const schedule = crontab({ minute: f.minute, hour: f.hour, dayOfWeek: f.day_of_week, dayOfMonth: f.day_of_month, monthOfYear: f.month_of_year });
    expect(iso(nextCrontabRun(schedule, c.after, "UTC"))).toBe(iso(c.next));
  });
});
