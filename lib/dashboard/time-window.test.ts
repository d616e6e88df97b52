import { describe, expect, it } from "vitest";
import { bucketStarts, timeRange, timeWindowParam } from "./time-window";

describe("time windows", () => {
  it("parses ?window= and falls back to 1h for anything else", () => {
    expect(timeWindowParam.parse("7d")).toBe("7d");
    expect(timeWindowParam.parse(undefined)).toBe("1h");
    expect(timeWindowParam.parse("2y")).toBe("1h");
    expect(timeWindowParam.parse(["15m", "1h"])).toBe("1h");
  });

  it("covers the window with whole buckets, including the one still filling", () => {
    const now = Date.UTC(2026, 10, 23, 13, 45, 23);
    const range = timeRange("15m", now);
    expect(new Date(range.to).toISOString()).toBe("2026-11-23T13:46:00.000Z");
    expect(new Date(range.from).toISOString()).toBe("2026-11-23T13:31:00.000Z");
    expect(bucketStarts(range)).toHaveLength(15);

    const day = timeRange("24h", now);
    expect(new Date(day.to).toISOString()).toBe("2026-11-23T14:00:00.000Z");
    expect(bucketStarts(day)).toHaveLength(96);
    expect(bucketStarts(timeRange("7d", now))).toHaveLength(84);
  });
});
