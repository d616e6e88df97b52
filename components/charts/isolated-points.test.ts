import { describe, expect, it } from "vitest";
import { isIsolated } from "./isolated-points";

describe("isIsolated", () => {
  it("is true for a value between gaps or the ends, false next to another value or for a gap", () => {
    const values = [null, 2, null, 3, 4, null, 5];
    expect(values.map((_, i) => isIsolated(values, i))).toEqual([false, true, false, false, false, false, true]);
  });

  it("treats a single value as isolated", () => {
    expect(isIsolated([1.5], 0)).toBe(true);
    expect(isIsolated([], 0)).toBe(false);
  });
});
