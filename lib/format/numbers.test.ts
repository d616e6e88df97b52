import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatPercent, formatRate, formatSeconds } from "./numbers";

describe("display formats", () => {
  it("formats counts, percentages and rates", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(null)).toBe("–");
    expect(formatPercent(97.46)).toBe("97.5 %");
    expect(formatPercent(99.97)).toBe("99.9 %"); // never rounds a failure up to a perfect score
    expect(formatPercent(100)).toBe("100.0 %");
    expect(formatRate(0.25)).toBe("0.3/min");
    expect(formatRate(1500)).toBe("1,500/min");
  });

  it("formats durations and sizes", () => {
    expect(formatSeconds(0.0042)).toBe("4 ms");
    expect(formatSeconds(0.0002)).toBe("< 1 ms");
    expect(formatSeconds(1.254)).toBe("1.25 s");
    expect(formatSeconds(125)).toBe("2 min 5 s");
    expect(formatSeconds(3 * 3600 + 600)).toBe("3 h 10 min");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(45888 * 1024)).toBe("45 MiB");
    expect(formatBytes(1.5 * 1024 ** 3)).toBe("1.5 GiB");
  });
});
