import { afterEach, describe, expect, it, vi } from "vitest";
import { invalidationsFor } from "./invalidation-plan";
import { createThrottledInvalidator, prune } from "./throttled-invalidator";

describe("invalidationsFor", () => {
  it("refreshes task-driven views on task changes and worker views on heartbeats", () => {
    expect(invalidationsFor({ event: "changes", data: { tasks: ["t1"], workers: [], at: 0 } })).toEqual([["dashboard"], ["workers"], ["tasks"]]);
    expect(invalidationsFor({ event: "changes", data: { tasks: [], workers: "many", at: 0 } })).toEqual([
      ["dashboard", "overview"],
      ["workers"],
    ]);
    expect(invalidationsFor({ event: "changes", data: { tasks: [], workers: [], at: 0 } })).toEqual([]);
  });

  it("refreshes health views on health news, everything on resync, nothing for data-carrying messages", () => {
    expect(invalidationsFor({ event: "health", data: { database: "up", ingest: "running", broker: "disconnected" } })).toEqual([
      ["dashboard", "overview"],
      ["broker"],
    ]);
    expect(invalidationsFor({ event: "resync", data: { reason: "missed-messages" } })).toBe("all");
    expect(invalidationsFor({ event: "task-events", data: { events: [], truncated: false } })).toEqual([]);
  });
});

describe("createThrottledInvalidator", () => {
  afterEach(() => vi.useRealTimers());

  it("applies the first change at once and a burst together at the end of the interval", () => {
    vi.useFakeTimers();
    const applied: unknown[] = [];
    const invalidator = createThrottledInvalidator((keys) => applied.push(keys), 1_000);
    invalidator.push([["workers"]]);
    expect(applied).toEqual([[["workers"]]]);
    invalidator.push([["workers", "list"]]);
    invalidator.push([["dashboard"]]);
    invalidator.push([["workers"]]);
    expect(applied).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(applied).toEqual([[["workers"]], [["dashboard"], ["workers"]]]);
    invalidator.push("all");
    vi.advanceTimersByTime(1_000);
    expect(applied.at(-1)).toBe("all");
    invalidator.push([]);
    vi.advanceTimersByTime(5_000);
    expect(applied).toHaveLength(3);
    invalidator.dispose();
  });

  it("prunes keys covered by a shorter prefix", () => {
    expect(prune([["workers", "list"], ["workers"], ["dashboard", "overview"]])).toEqual([["workers"], ["dashboard", "overview"]]);
  });
});
