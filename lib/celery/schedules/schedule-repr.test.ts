import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { crontabSpecText, describeSchedule } from "./describe";
import { parseScheduleValue } from "./schedule-repr";

type ReprCase = { python: string; conf: unknown };
const reprs = (JSON.parse(readFileSync(new URL("./__fixtures__/schedule-cases.json", import.meta.url), "utf8")) as { reprs: ReprCase[] }).reprs;
const conf = (python: string) => {
  const found = reprs.find((r) => r.python === python);
  if (!found) throw new Error(`no recorded repr ${python}`);
  return found.conf;
};

describe("schedules as `inspect conf` shows them (recorded from Celery 5.2)", () => {
  it("reads seconds, timedelta strings and <freq> reprs as intervals", () => {
    expect(parseScheduleValue(conf("10.0"))).toEqual({ kind: "interval", seconds: 10, relative: false });
    expect(parseScheduleValue(conf("datetime.timedelta(seconds=90)"))).toMatchObject({ kind: "interval", seconds: 90 });
    expect(parseScheduleValue(conf("datetime.timedelta(days=1, seconds=7200)"))).toMatchObject({ kind: "interval", seconds: 93_600 });
    expect(parseScheduleValue(conf("datetime.timedelta(seconds=1, microseconds=500000)"))).toMatchObject({ kind: "interval", seconds: 1.5 });
    expect(parseScheduleValue(conf("<freq: 10.00 seconds>"))).toMatchObject({ kind: "interval", seconds: 10 });
    expect(parseScheduleValue(conf("<freq: 1.00 minute>"))).toMatchObject({ kind: "interval", seconds: 60 });
    expect(parseScheduleValue(conf("<freq: 2.00 hours>"))).toMatchObject({ kind: "interval", seconds: 7200 });
    expect(parseScheduleValue(conf("<freq: 3.00 days>"))).toMatchObject({ kind: "interval", seconds: 259_200 });
  });

  it("reads crontab reprs in Celery's field order (m/h/d/dM/MY), lists included", () => {
    const weekdays = parseScheduleValue(conf("<crontab: [0, 30] 8 mon-fri * * (m/h/d/dM/MY)>"));
    expect(weekdays).toMatchObject({ kind: "crontab", minutes: [0, 30], hours: [8], daysOfWeek: [1, 2, 3, 4, 5] });
    const python = parseScheduleValue(conf("<crontab: (1, 2) {3} * 1,15 * (m/h/d/dM/MY)>"));
    expect(python).toMatchObject({ kind: "crontab", minutes: [1, 2], hours: [3], daysOfMonth: [1, 15] });
    const quarterly = parseScheduleValue(conf("<crontab: 0 0 * 1 */3 (m/h/d/dM/MY)>"));
    expect(quarterly).toMatchObject({ kind: "crontab", daysOfMonth: [1], monthsOfYear: [1, 4, 7, 10] });
    if (quarterly.kind !== "crontab") throw new Error("not a crontab");
    expect(crontabSpecText(quarterly)).toBe("0 0 * 1 */3 (m/h/d/dM/MY)");
  });

  it("reads the wire sample's beat_schedule", () => {
    const sample = JSON.parse(readFileSync(new URL("../__fixtures__/control/cli-inspect-conf.json", import.meta.url), "utf8")) as Record<string, { beat_schedule: Record<string, { schedule: unknown }> }>;
    const schedule = Object.values(sample)[0]?.beat_schedule ?? {};
    expect(describeSchedule(parseScheduleValue(schedule["add-every-10s"]?.schedule))).toBe("every 10 s");
    expect(describeSchedule(parseScheduleValue(schedule["sleep-every-minute"]?.schedule))).toBe("every minute");
    expect(describeSchedule(parseScheduleValue(schedule["fail-every-5-min"]?.schedule))).toBe("every 5 min");
  });

  it("reads solar reprs", () => {
    expect(parseScheduleValue(conf("<solar: sunrise at latitude 60, longitude: 30>"))).toEqual({ kind: "solar", event: "sunrise", latitude: 60, longitude: 30 });
    expect(parseScheduleValue(conf("<solar: dusk_civil at latitude -33.87, longitude: 151.21>"))).toEqual({ kind: "solar", event: "dusk_civil", latitude: -33.87, longitude: 151.21 });
  });

  it("keeps what it cannot read as text instead of guessing", () => {
    expect(parseScheduleValue("<myapp.schedules.Custom object at 0x7f>")).toEqual({ kind: "unknown", text: "<myapp.schedules.Custom object at 0x7f>" });
    expect(parseScheduleValue("<crontab: 99 * * * * (m/h/d/dM/MY)>")).toMatchObject({ kind: "unknown" });
    expect(parseScheduleValue("<solar: moonrise at latitude 1, longitude: 2>")).toMatchObject({ kind: "unknown" });
    expect(parseScheduleValue(null)).toMatchObject({ kind: "unknown" });
  });
});
