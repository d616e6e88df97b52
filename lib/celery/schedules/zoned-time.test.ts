import { describe, expect, it } from "vitest";
import { fromWallClock, isValidTimeZone, offsetMs, toWallClock } from "./zoned-time";

describe("wall clock in a time zone", () => {
  it("reads the wall clock and Celery's weekday (0 = Sunday)", () => {
    expect(toWallClock(Date.parse("2024-06-02T12:34:56Z"), "UTC")).toEqual({ year: 2024, month: 6, day: 2, hour: 12, minute: 34, second: 56, weekday: 0 });
    expect(toWallClock(Date.parse("2024-06-02T23:30:00Z"), "Asia/Tokyo")).toMatchObject({ month: 6, day: 3, hour: 8, minute: 30, weekday: 1 });
    expect(toWallClock(Date.parse("2024-01-01T03:00:00Z"), "America/New_York")).toMatchObject({ year: 2023, month: 12, day: 31, hour: 22, weekday: 0 });
  });

  it("maps wall times back to instants, fold=0 at DST edges", () => {
    expect(new Date(fromWallClock({ year: 2024, month: 7, day: 1, hour: 9, minute: 0, second: 0 }, "Europe/Paris")).toISOString()).toBe("2024-07-01T07:00:00.000Z");
    // skipped: 02:30 on 2024-03-31 in Paris is read with the winter offset: 01:30 UTC = 03:30 CEST
    expect(new Date(fromWallClock({ year: 2024, month: 3, day: 31, hour: 2, minute: 30, second: 0 }, "Europe/Paris")).toISOString()).toBe("2024-03-31T01:30:00.000Z");
    // repeated: 02:30 on 2024-10-27 happens at 00:30 and 01:30 UTC; the first one
    expect(new Date(fromWallClock({ year: 2024, month: 10, day: 27, hour: 2, minute: 30, second: 0 }, "Europe/Paris")).toISOString()).toBe("2024-10-27T00:30:00.000Z");
    // New York falls back at 02:00 EDT → 01:00 EST on 2024-11-03: 01:30 twice
    expect(new Date(fromWallClock({ year: 2024, month: 11, day: 3, hour: 1, minute: 30, second: 0 }, "America/New_York")).toISOString()).toBe("2024-11-03T05:30:00.000Z");
  });

  it("knows offsets and which zone names exist", () => {
    expect(offsetMs(Date.parse("2024-01-15T00:00:00Z"), "Europe/Paris")).toBe(3_600_000);
    expect(offsetMs(Date.parse("2024-07-15T00:00:00Z"), "Europe/Paris")).toBe(7_200_000);
    expect(offsetMs(Date.parse("2024-07-15T00:00:00Z"), "Asia/Kolkata")).toBe(19_800_000);
    expect(isValidTimeZone("Europe/Paris")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
});
