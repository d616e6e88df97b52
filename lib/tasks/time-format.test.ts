import { describe, expect, it } from "vitest";
import { formatAbsolute, formatDelta, formatRelative, formatRuntime } from "./time-format";

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

describe("time formats", () => {
  it("prints absolute times in UTC, with milliseconds on request", () => {
    expect(formatAbsolute(Date.UTC(2026, 0, 2, 3, 4, 5, 67))).toBe("2026-01-02 03:04:05");
    expect(formatAbsolute(Date.UTC(2026, 0, 2, 3, 4, 5, 67), { millis: true })).toBe("2026-01-02 03:04:05.067");
  });

  it.each([
    [NOW - 2_000, "just now"],
    [NOW - 42_000, "42 s ago"],
    [NOW - 3 * 60_000 - 10_000, "3 min ago"],
    [NOW - 5 * 3_600_000, "5 h ago"],
    [NOW - 2 * 86_400_000, "2 d ago"],
    [NOW + 3 * 60_000, "in 3 min"],
  ])("relative %d → %s", (at, text) => {
    expect(formatRelative(at, NOW)).toBe(text);
  });

  it("prints deltas and runtimes", () => {
    expect(formatDelta(12.4)).toBe("+12 ms");
    expect(formatDelta(1250)).toBe("+1.25 s");
    expect(formatDelta(185_000)).toBe("+3 min 5 s");
    expect(formatDelta(-5)).toBe("−5 ms");
    expect(formatRuntime(0.0041)).toBe("0.004 s");
    expect(formatRuntime(12.34)).toBe("12.3 s");
    expect(formatRuntime(725)).toBe("12 min 5 s");
  });
});
