import { describe, expect, it } from "vitest";
import { formatAgo, formatUtc } from "./relative-time";

describe("relative times", () => {
  const now = Date.UTC(2026, 10, 23, 13, 45, 23);
  it("says how long ago, coarsening with age", () => {
    expect(formatAgo(now - 500, now)).toBe("just now");
    expect(formatAgo(now + 3_000, now)).toBe("just now");
    expect(formatAgo(now - 5_000, now)).toBe("5 s ago");
    expect(formatAgo(now - 185_000, now)).toBe("3 min ago");
    expect(formatAgo(now - 2 * 3_600_000, now)).toBe("2 h ago");
    expect(formatAgo(now - 4 * 86_400_000, now)).toBe("4 d ago");
  });
  it("renders server-side times in UTC", () => {
    expect(formatUtc(now)).toBe("2026-11-23 13:45:23 UTC");
  });
});
