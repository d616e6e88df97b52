import { describe, expect, it } from "vitest";
import { ageCutoff, capExcess, eventTotalsMaxAge } from "./retention-policy";

describe("ageCutoff", () => {
  it("is now minus the age, or null when the rule is off", () => {
    expect(ageCutoff(1_000_000, 86_400)).toBe(913_600);
    expect(ageCutoff(1_000_000, null)).toBeNull();
  });
});

describe("capExcess (oldest non-failures first)", () => {
  it("removes nothing under the cap or without one", () => {
    expect(capExcess({ total: 10, failures: 3 }, 10)).toEqual({ others: 0, failures: 0 });
    expect(capExcess({ total: 10, failures: 3 }, null)).toEqual({ others: 0, failures: 0 });
  });

  it("takes the whole excess from non-failures while there are enough", () => {
    expect(capExcess({ total: 12, failures: 5 }, 10)).toEqual({ others: 2, failures: 0 });
    expect(capExcess({ total: 12, failures: 2 }, 2)).toEqual({ others: 10, failures: 0 });
  });

  it("removes failures only when they alone exceed the cap", () => {
    expect(capExcess({ total: 12, failures: 8 }, 5)).toEqual({ others: 4, failures: 3 });
    expect(capExcess({ total: 6, failures: 6 }, 4)).toEqual({ others: 0, failures: 2 });
  });
});

describe("eventTotalsMaxAge", () => {
  it("follows the task retention, but never below the 7 days /metrics lists idle series, and keeps everything when tasks are kept", () => {
    expect(eventTotalsMaxAge(30 * 86_400)).toBe(30 * 86_400);
    expect(eventTotalsMaxAge(86_400)).toBe(7 * 86_400);
    expect(eventTotalsMaxAge(null)).toBeNull();
  });
});
