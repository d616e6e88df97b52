import { describe, expect, it } from "vitest";
import { crontab } from "./crontab";
import { CrontabParseError, DOMAINS, expandCronspec, parseCronField, type FieldDomain } from "./crontab-parser";

/** Cases from Celery's t/unit/app/test_schedules.py (test_crontab_parser, test_crontab_is_due's spec formats). */
const dom = (size = 60, min = 0): FieldDomain => ({ size, min });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const sorted = (values: Iterable<number>) => [...values].sort((a, b) => a - b);

describe("crontab field parser (Celery's crontab_parser)", () => {
  it("expands stars", () => {
    expect(parseCronField("*", dom(24))).toEqual(range(0, 23));
    expect(parseCronField("*", dom(60))).toEqual(range(0, 59));
    expect(parseCronField("*", dom(7))).toEqual(range(0, 6));
    expect(parseCronField("*", dom(31, 1))).toEqual(range(1, 31));
    expect(parseCronField("*", dom(12, 1))).toEqual(range(1, 12));
  });

  it("expands ranges, wrapping past the end", () => {
    expect(parseCronField("1-10", dom(60))).toEqual(range(1, 10));
    expect(parseCronField("0-20", dom(24))).toEqual(range(0, 20));
    expect(parseCronField("2-10", dom())).toEqual(range(2, 10));
    expect(parseCronField("1-10", dom(60, 1))).toEqual(range(1, 10));
    expect(parseCronField("11-1", dom(12))).toEqual([0, 1, 11]);
    expect(parseCronField("2-1", dom(60, 1))).toEqual(range(1, 60));
  });

  it("expands groups and steps", () => {
    expect(parseCronField("1,2,3,4", dom())).toEqual([1, 2, 3, 4]);
    expect(parseCronField("0,15,30,45", dom())).toEqual([0, 15, 30, 45]);
    expect(parseCronField("*/2", dom(8))).toEqual([0, 2, 4, 6]);
    expect(parseCronField("*/2", dom())).toEqual(range(0, 29).map((i) => i * 2));
    expect(parseCronField("*/3", dom())).toEqual(range(0, 19).map((i) => i * 3));
    expect(parseCronField("*/2", dom(8, 1))).toEqual([1, 3, 5, 7]);
    expect(parseCronField("*/2", dom(60, 1))).toEqual(range(0, 29).map((i) => i * 2 + 1));
    expect(parseCronField("*/3", dom(60, 1))).toEqual(range(0, 19).map((i) => i * 3 + 1));
  });

  it("expands composite specs exactly as Celery does", () => {
    expect(parseCronField("2-9/5", dom())).toEqual([2, 7]);
    expect(parseCronField("2-10/5", dom())).toEqual([2, 7]);
    expect(parseCronField("55-5/3", dom(60, 1))).toEqual(sorted([55, 58, 1, 4]));
    expect(parseCronField("2-11/5,3", dom())).toEqual([2, 3, 7]);
    expect(parseCronField("2-4/3,*/5,0-21/4", dom())).toEqual([0, 2, 4, 5, 8, 10, 12, 15, 16, 20, 25, 30, 35, 40, 45, 50, 55]);
    expect(parseCronField("1-9/2", dom())).toEqual([1, 3, 5, 7, 9]);
    expect(parseCronField("2-4/3,*/5,1-21/4", dom(60, 1))).toEqual([1, 2, 5, 6, 9, 11, 13, 16, 17, 21, 26, 31, 36, 41, 46, 51, 56]);
  });

  it("rejects what Celery rejects", () => {
    for (const [spec, domain] of [
      ["", dom(60)],
      ["1,,2", dom(60)],
      ["*/", dom(60)],
      ["-20", dom(60)],
      ["0", dom(12, 1)],
      ["12-0", dom(24, 1)],
      ["1", dom(1)],
      ["61-0", dom(60)],
    ] as const) {
      expect(() => parseCronField(spec, domain), spec).toThrow(CrontabParseError);
    }
    expect(parseCronField("0", dom(1))).toEqual([0]);
  });

  it("reads weekday names (0 = Sunday) and month names by their first three letters", () => {
    const dow = (spec: string) => parseCronField(spec, DOMAINS.dayOfWeek);
    expect(dow("fri")).toEqual([5]);
    expect(dow("tuesday,sunday,fri")).toEqual([0, 2, 5]);
    expect(dow("mon-fri")).toEqual([1, 2, 3, 4, 5]);
    expect(dow("*/2")).toEqual([0, 2, 4, 6]);
    expect(dow("1, 2")).toEqual([1, 2]);
    for (const bad of ["fooday-barday", "1,4,foo", "7", "12"]) expect(() => dow(bad), bad).toThrow(CrontabParseError);
    const moy = (spec: string) => parseCronField(spec, DOMAINS.monthOfYear);
    expect(moy("feb")).toEqual([2]);
    expect(moy("Mar")).toEqual([3]);
    expect(moy("april")).toEqual([4]);
    expect(moy("may,jun,jul")).toEqual([5, 6, 7]);
    expect(moy("aug-oct")).toEqual([8, 9, 10]);
    expect(moy("2-12/2")).toEqual([2, 4, 6, 8, 10, 12]);
    for (const bad of ["0-5", "12,13", "jaan", "sebtember"]) expect(() => moy(bad), bad).toThrow(CrontabParseError);
  });

  it("takes numbers, lists and Python spellings of them (crontab reprs, RedBeat definitions)", () => {
    expect(expandCronspec(30, DOMAINS.minute)).toEqual([30]);
    expect(expandCronspec([30, 40, 50, 51], DOMAINS.minute)).toEqual([30, 40, 50, 51]);
    expect(expandCronspec("[0, 30]", DOMAINS.minute)).toEqual([0, 30]);
    expect(expandCronspec("{3}", DOMAINS.hour)).toEqual([3]);
    expect(expandCronspec("(4, 8, 12)", DOMAINS.hour)).toEqual([4, 8, 12]);
    expect(expandCronspec("range(0, 60, 20)", DOMAINS.minute)).toEqual([0, 20, 40]);
    expect(() => expandCronspec(60, DOMAINS.minute)).toThrow(CrontabParseError);
    expect(() => expandCronspec(24, DOMAINS.hour)).toThrow(CrontabParseError);
    expect(() => expandCronspec("0-100", DOMAINS.minute)).toThrow(CrontabParseError);
    expect(() => expandCronspec([0, 32], DOMAINS.dayOfMonth)).toThrow(CrontabParseError);
  });

  it("builds a whole crontab like celery.schedules.crontab()", () => {
    const every = crontab();
    expect(every.minutes).toEqual(range(0, 59));
    expect(every.hours).toEqual(range(0, 23));
    expect(every.daysOfWeek).toEqual(range(0, 6));
    expect(every.daysOfMonth).toEqual(range(1, 31));
    expect(every.monthsOfYear).toEqual(range(1, 12));
    expect(crontab({ dayOfMonth: "*/5" }).daysOfMonth).toEqual([1, 6, 11, 16, 21, 26, 31]);
    // Celery's test_eq: equal expansions from different spellings
    expect(crontab({ dayOfWeek: "1, 2" }).daysOfWeek).toEqual(crontab({ dayOfWeek: "1-2" }).daysOfWeek);
    expect(crontab({ dayOfMonth: "1, 16, 31" }).daysOfMonth).toEqual(crontab({ dayOfMonth: "*/15" }).daysOfMonth);
  });
});
